// SHA-256 for smithy's signer over node:crypto (the AWS SDK's own Node choice); the pure-JS
// @aws-crypto/sha256-js costs several times more CPU per signature.
import { Hash } from '@smithy/hash-node';
import type { Checksum, SourceData } from '@smithy/types';

export const Sha256: new (secret?: SourceData) => Checksum = Hash.bind(null, 'sha256');
