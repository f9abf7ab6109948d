# The sandbox's control-plane answers against botocore's own service models (an independent
# description of AWS's wire): every key of a JSON answer and every element of an XML answer must be
# a member of the operation's output shape, with the model's type (rest-json timestamps as epoch
# seconds, Query/EC2 timestamps as ISO 8601, booleans, integers, list item names), and every error
# code must be one the model (or AWS's common errors) names. The envelope too: the XML namespace of
# every Query/EC2 answer is the model's `xmlNamespace`, a Query error is <ErrorResponse><Error> with
# <Type> Sender for a sender fault and a <RequestId>, an EC2 error <Response><Errors><Error> with
# <RequestID>, a modelled error's HTTP status is the model's `httpStatusCode`, and every Query and
# rest-json answer carries an x-amzn-RequestId header. Reads the calls from stdin (JSON), prints
# {"checked": [...], "findings": [...]} on stdout.
import json
import re
import sys
import xml.etree.ElementTree as ET

import botocore.session
from botocore.config import Config
from botocore.exceptions import ClientError

# AWS's common errors (any operation may answer them), besides each operation's modelled errors.
COMMON = {
    'AccessDenied', 'AccessDeniedException', 'UnrecognizedClientException', 'InvalidClientTokenId',
    'SignatureDoesNotMatch', 'IncompleteSignature', 'UnauthorizedOperation', 'AuthFailure',
    'ExpiredToken', 'ExpiredTokenException', 'ValidationError', 'InvalidAction',
    'InvalidParameterValue', 'InvalidFilter', 'InvalidPaginationToken', 'InvalidVpcEndpointId.NotFound',
    'InvalidVpcEndpointId.Malformed',
}
# The one place AWS's wire and the model's enum differ: EC2 answers VPC endpoint states in lower
# case ("State": "available" in the AWS CLI's own describe-vpc-endpoints example output) while the
# model lists "Available"; compared case-insensitively.
CASELESS_ENUMS = {'State'}

findings = []
raw = {}


class Raw:
    def __init__(self, d):
        self.status, self.headers, self.body = d['status_code'], d['headers'], d['body']


def keep(response_dict=None, **_):
    raw['r'] = Raw(response_dict)


def enum_ok(shape, v):
    if not shape.enum:
        return True
    if shape.name in CASELESS_ENUMS:
        return v.lower() in {e.lower() for e in shape.enum}
    return v in shape.enum


def check_json(shape, v, path):
    t = shape.type_name
    if t == 'structure':
        if not isinstance(v, dict):
            return findings.append(f'{path}: an object was expected, not {type(v).__name__}')
        names = {m.serialization.get('name', n): m for n, m in shape.members.items()}
        for k, x in v.items():
            if k not in names:
                findings.append(f'{path}.{k}: no member of {shape.name}')
            else:
                check_json(names[k], x, f'{path}.{k}')
    elif t == 'list':
        if not isinstance(v, list):
            return findings.append(f'{path}: a list was expected')
        for i, x in enumerate(v):
            check_json(shape.member, x, f'{path}[{i}]')
    elif t == 'map':
        if not isinstance(v, dict):
            return findings.append(f'{path}: a map was expected')
        for k, x in v.items():
            check_json(shape.value, x, f'{path}{{{k}}}')
    elif t == 'timestamp':
        if not isinstance(v, (int, float)) or isinstance(v, bool):
            findings.append(f'{path}: timestamp {v!r} (rest-json: epoch seconds)')
    elif t in ('integer', 'long'):
        if not isinstance(v, int) or isinstance(v, bool):
            findings.append(f'{path}: integer expected, not {v!r}')
    elif t == 'boolean':
        if not isinstance(v, bool):
            findings.append(f'{path}: boolean expected, not {v!r}')
    elif t == 'string':
        if not isinstance(v, str):
            findings.append(f'{path}: string expected, not {v!r}')
        elif not enum_ok(shape, v):
            findings.append(f'{path}: {v!r} is not one of {shape.enum}')


def tag(el):
    return el.tag.split('}', 1)[-1]


def member_names(shape, ec2):
    out = {}
    for n, m in shape.members.items():
        default = n[0].lower() + n[1:] if ec2 else n
        out[m.serialization.get('name', default)] = m
    return out


def check_xml(shape, el, path, ec2):
    t = shape.type_name
    text = el.text or ''
    if t == 'structure':
        names = member_names(shape, ec2)
        for c in el:
            if tag(c) not in names:
                findings.append(f'{path}.{tag(c)}: no member of {shape.name}')
            else:
                check_xml(names[tag(c)], c, f'{path}.{tag(c)}', ec2)
    elif t == 'list':
        item = shape.member.serialization.get('name', 'item' if ec2 else 'member')
        for c in el:
            if tag(c) != item:
                findings.append(f'{path}.{tag(c)}: a list item is <{item}>')
            else:
                check_xml(shape.member, c, f'{path}[]', ec2)
    elif t == 'timestamp':
        if not re.fullmatch(r'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z', text):
            findings.append(f'{path}: timestamp {text!r} is not ISO 8601')
    elif t == 'boolean':
        if text not in ('true', 'false'):
            findings.append(f'{path}: boolean {text!r}')
    elif t in ('integer', 'long'):
        if not re.fullmatch(r'-?\d+', text):
            findings.append(f'{path}: integer {text!r}')
    elif t == 'string' and not enum_ok(shape, text):
        findings.append(f'{path}: {text!r} is not one of {shape.enum}')


def namespace(el):
    return el.tag[1:].split('}', 1)[0] if el.tag.startswith('{') else ''


def check_envelope(model, om, r, where, code):
    """Namespace, error structure, status and request-id header, as AWS's wire has them."""
    if model.protocol in ('query', 'rest-json') and 'x-amzn-RequestId' not in r.headers:
        findings.append(f'{where}: no x-amzn-RequestId header')
    shape = next((s for s in om.error_shapes if s.metadata.get('error', {}).get('code', s.name) == code), None)
    if code is not None and shape is not None:
        status = shape.metadata.get('error', {}).get('httpStatusCode')
        if status is not None and status != r.status:
            findings.append(f'{where}: {code} answered {r.status}, the model says {status}')
    if model.protocol == 'rest-json':
        return
    want = model.metadata.get('xmlNamespace', '').rstrip('/')
    root = ET.fromstring(r.body)
    if code is None or model.protocol == 'query':
        if namespace(root).rstrip('/') != want:
            findings.append(f'{where}: namespace {namespace(root)!r}, the model says {want!r}')
    if code is None:
        return
    kids = {tag(c): c for c in root}
    if model.protocol == 'query':
        err = kids.get('Error')
        if tag(root) != 'ErrorResponse' or err is None or 'RequestId' not in kids:
            return findings.append(f'{where}: not <ErrorResponse><Error/><RequestId/></ErrorResponse>')
        fields = {tag(c): (c.text or '') for c in err}
        sender = shape.metadata.get('error', {}).get('senderFault', True) if shape is not None else True
        if fields.get('Type') != ('Sender' if sender else 'Receiver'):
            findings.append(f'{where}: <Type>{fields.get("Type")}</Type> for {code}')
        if fields.get('Code') != code or not fields.get('Message'):
            findings.append(f'{where}: <Error> without its Code or Message')
    else:
        errors = kids.get('Errors')
        if tag(root) != 'Response' or errors is None or 'RequestID' not in kids:
            findings.append(f'{where}: not <Response><Errors><Error/></Errors><RequestID/></Response>')


def check(client, op, params):
    raw.clear()
    model = client.meta.service_model
    om = model.operation_model(op)
    where = f'{model.service_name}.{op}'
    method = getattr(client, re.sub(r'(?<!^)(?=[A-Z])', '_', op).lower())
    try:
        method(**params)
        err = None
    except ClientError as e:
        err = e
    r = raw.get('r')
    if r is None:
        return findings.append(f'{where}: no answer')
    if err is not None:
        code = err.response['Error'].get('Code')
        modelled = {s.metadata.get('error', {}).get('code', s.name) for s in om.error_shapes}
        if code not in modelled | COMMON:
            findings.append(f'{where}: error code {code} is neither modelled ({sorted(modelled)}) nor common')
        if model.protocol == 'rest-json' and 'x-amzn-ErrorType' not in r.headers:
            findings.append(f'{where}: an error without x-amzn-ErrorType')
        check_envelope(model, om, r, where, code)
        return f'{where} -> {r.status} {code}'
    check_envelope(model, om, r, where, None)
    out = om.output_shape
    if model.protocol == 'rest-json':
        check_json(out, json.loads(r.body), where)
        return f'{where} -> {r.status}'
    root = ET.fromstring(r.body)
    if tag(root) != f'{op}Response':
        findings.append(f'{where}: root <{tag(root)}>, not <{op}Response>')
    if model.protocol == 'ec2':
        names = member_names(out, True)
        if 'requestId' not in [tag(c) for c in root]:
            findings.append(f'{where}: no <requestId>')
        for c in root:
            if tag(c) == 'requestId':
                continue
            if tag(c) not in names:
                findings.append(f'{where}.{tag(c)}: no member of the output')
            else:
                check_xml(names[tag(c)], c, f'{where}.{tag(c)}', True)
    else:
        wrapper = out.serialization.get('resultWrapper')
        kids = {tag(c): c for c in root}
        if wrapper not in kids:
            findings.append(f'{where}: no <{wrapper}>')
        else:
            check_xml(out, kids[wrapper], where, False)
        if 'ResponseMetadata' not in kids:
            findings.append(f'{where}: no <ResponseMetadata>')
    return f'{where} -> {r.status}'


def main():
    job = json.load(sys.stdin)
    session = botocore.session.get_session()
    cfg = Config(retries={'max_attempts': 1})
    checked = []
    for call in job['calls']:
        creds = job['creds'][call['as']]
        client = session.create_client(
            call['service'],
            region_name='us-east-1' if call['service'] == 'iam' else 'us-west-2',
            endpoint_url=job['url'],
            verify=job['ca'],
            config=cfg,
            aws_access_key_id=creds['key'],
            aws_secret_access_key=creds['secret'],
            aws_session_token=creds.get('token'),
        )
        client.meta.events.register('before-parse', keep)
        checked.append(check(client, call['op'], call.get('params', {})))
    print(json.dumps({'checked': checked, 'findings': findings}))


main()
