// The verdicts of a camera's image check, as plain values (no zod): the console bundles this file.
export const IMAGE_VERDICTS = ['ok', 'black', 'blurred', 'covered', 'shifted', 'unavailable'] as const;
export type ImageVerdictValue = (typeof IMAGE_VERDICTS)[number];

/** The verdicts that are a problem of the picture (unavailable is the camera's status, ok is none). */
export const IMAGE_PROBLEMS = [
  'black',
  'blurred',
  'covered',
  'shifted',
] as const satisfies readonly ImageVerdictValue[];
