/** The User-Agent every call sends: AWS puts it in the request context as aws:UserAgent, so the
 * predictions carry it too (src/predict configuredRequest). A module of its own: the offline
 * commands (check, diff, who-can) read it without loading the client and its signing libraries. */
export const USER_AGENT = 'spokegate';
