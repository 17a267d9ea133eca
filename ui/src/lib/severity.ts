// The severities an incident can be declared with, most severe first.
export const severities = ["SEV1", "SEV2", "SEV3", "SEV4"] as const;
