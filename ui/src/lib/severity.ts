// Severity names are the team's own (the core keeps the scale, most severe first). The colour
// of a severity comes from its place on that scale when it is known, else from a number in its
// name ("SEV1", "P2"); a name with neither is shown neutral.
export type SeverityTone = "sev1" | "sev2" | "sev3" | "sev4" | "neutral";

const byLevel: SeverityTone[] = ["sev1", "sev2", "sev3", "sev4"];

export function severityTone(severity: string, scale: readonly string[] = []): SeverityTone {
  const place = scale.indexOf(severity);
  if (place >= 0) return byLevel[Math.min(place, byLevel.length - 1)];
  const number = /(\d+)\s*$/.exec(severity);
  if (!number) return "neutral";
  return byLevel[Math.min(Math.max(Number(number[1]), 1), byLevel.length) - 1];
}
