#!/usr/bin/env bash
# The classic bash + openssl recipe for calling a private API Gateway API with SigV4, as people
# write it by hand: build the canonical request, derive the signing key with one HMAC per step
# (date -> region -> service -> aws4_request) and sign, all with `openssl dgst`, then call curl.
# It is the baseline `npm run bench` compares spokegate with. This copy is *corrected so that it
# works*; the usual mistakes it avoids are noted where they bite:
#   - `echo`/here-strings append a newline to what is hashed: use printf '%s';
#   - after the first step the key is binary: pass it as hex (-macopt hexkey:), never as a string;
#   - `openssl dgst` prints "(stdin)= HEX" or "SHA2-256(stdin)= HEX" depending on the version:
#     use -r and keep the first field;
#   - the session token of an assumed role must be sent as X-Amz-Security-Token (and signed here);
#   - the path is signed as sent, including the stage (/prod/items), and the Host is the API's
#     private DNS name even though the TCP connection goes elsewhere (curl --connect-to).
#
# Usage: sigv4-openssl.sh CRED_FILE HOST PATH
#   CRED_FILE sets AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN (as `aws sts
#   assume-role` output is usually exported); HOST is the API's host (API_ID.execute-api.REGION.
#   amazonaws.com); PATH is /STAGE/resource. Environment: AWS_REGION (default us-west-2),
#   SIGV4_CONNECT_TO (curl --connect-to value), SIGV4_CACERT (extra CA file).
# Prints the HTTP status code on stdout (000 when curl failed).
set -euo pipefail

cred_file=$1 host=$2 path=$3
# shellcheck disable=SC1090
. "$cred_file"
region=${AWS_REGION:-us-west-2}
service=execute-api
method=GET

amz_date=$(TZ=UTC printf '%(%Y%m%dT%H%M%SZ)T' -1)
date_stamp=${amz_date%%T*}

sha256_hex() { # data -> hex digest
  local out
  out=$(printf '%s' "$1" | openssl dgst -sha256 -r)
  printf '%s' "${out%% *}"
}
hmac_hex() { # hexkey data -> hex mac
  local out
  out=$(printf '%s' "$2" | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$1" -r)
  printf '%s' "${out%% *}"
}

payload_hash=$(sha256_hex '')
signed_headers='host;x-amz-date;x-amz-security-token'
canonical_request="${method}
${path}

host:${host}
x-amz-date:${amz_date}
x-amz-security-token:${AWS_SESSION_TOKEN}

${signed_headers}
${payload_hash}"

scope="${date_stamp}/${region}/${service}/aws4_request"
string_to_sign="AWS4-HMAC-SHA256
${amz_date}
${scope}
$(sha256_hex "$canonical_request")"

# The first key is the secret as text: hex-encode it so every step is the same hexkey call.
k_secret=$(printf '%s' "AWS4${AWS_SECRET_ACCESS_KEY}" | od -An -v -tx1 | tr -d ' \n')
k_date=$(hmac_hex "$k_secret" "$date_stamp")
k_region=$(hmac_hex "$k_date" "$region")
k_service=$(hmac_hex "$k_region" "$service")
k_signing=$(hmac_hex "$k_service" aws4_request)
signature=$(hmac_hex "$k_signing" "$string_to_sign")

curl_args=(-sS -o /dev/null -w '%{http_code}\n' --max-time 30)
[[ -n ${SIGV4_CONNECT_TO:-} ]] && curl_args+=(--connect-to "$SIGV4_CONNECT_TO")
[[ -n ${SIGV4_CACERT:-} ]] && curl_args+=(--cacert "$SIGV4_CACERT")
curl "${curl_args[@]}" \
  -H "X-Amz-Date: ${amz_date}" \
  -H "X-Amz-Security-Token: ${AWS_SESSION_TOKEN}" \
  -H "Authorization: AWS4-HMAC-SHA256 Credential=${AWS_ACCESS_KEY_ID}/${scope}, SignedHeaders=${signed_headers}, Signature=${signature}" \
  "https://${host}${path}" || echo 000
