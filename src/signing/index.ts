export * from './types.js';
// Implementations (issue 2):
//   signRequest(req: WireRequest, opts: SignOptions): Promise<SignedRequest>
//   verifyRequest(req: WireRequest (headers lower-case, as received), lookup: (akid) => Credentials | undefined,
//                 opts: { now: Date; service?: string; expectedRegion?: string }): Promise<VerifyResult>
