// who-can's output formats, on their own: the CLI declares its options at start-up for every
// command, and this must not load the analysis and the policy engine with it.
export const WHO_CAN_FORMATS = ['text', 'md', 'json'] as const;
export type WhoCanFormat = (typeof WHO_CAN_FORMATS)[number];
