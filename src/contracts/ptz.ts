// Wire types of pan/tilt/zoom: moves in the -1..1 speed space, presets by token and name, who steers a camera.
import { z } from 'zod';

const speed = z.number().min(-1).max(1);

/** A continuous move: speeds -1..1 (0 = still); the camera stops by itself after `timeoutMs` if no stop arrives. */
export const PtzMoveInput = z
  .object({
    pan: speed.default(0).describe('-1 left … 1 right'),
    tilt: speed.default(0).describe('-1 down … 1 up'),
    zoom: speed.default(0).describe('-1 wide … 1 tele'),
    timeoutMs: z.number().int().min(100).max(10_000).optional().describe('the device stops after this long'),
  })
  .strict();
export type PtzMoveInput = z.infer<typeof PtzMoveInput>;

export const PtzPresetInput = z.object({ name: z.string().trim().min(1).max(64) }).strict();
export type PtzPresetInput = z.infer<typeof PtzPresetInput>;

export const PtzPosition = z.object({ pan: z.number(), tilt: z.number(), zoom: z.number() });
export type PtzPosition = z.infer<typeof PtzPosition>;

export const PtzPreset = z.object({ token: z.string(), name: z.string(), position: PtzPosition.nullable() });
export type PtzPreset = z.infer<typeof PtzPreset>;

/** Who steers a camera now, since when, and when the steering ends unless they move again. */
export const PtzSteerer = z.object({
  userId: z.string(),
  username: z.string(),
  displayName: z.string(),
  since: z.string(),
  expiresAt: z.string(),
});
export type PtzSteerer = z.infer<typeof PtzSteerer>;

/** A camera's PTZ as the caller sees it; `available: false` for a camera without a PTZ service. */
export const PtzView = z.union([
  z.object({ available: z.literal(false) }),
  z.object({
    available: z.literal(true),
    presets: z.array(PtzPreset),
    position: PtzPosition.nullable(),
    steering: PtzSteerer.nullable(),
    /** The caller may steer (an admin, operator or inspector who may see the camera live). */
    canSteer: z.boolean(),
    /** The caller may set and remove presets (admins). */
    canEditPresets: z.boolean(),
  }),
]);
export type PtzView = z.infer<typeof PtzView>;

export const PtzPresetCreated = z.object({ token: z.string(), name: z.string() });
export type PtzPresetCreated = z.infer<typeof PtzPresetCreated>;

/** Pushed to the camera's audience when steering starts, is renewed or ends (`steering: null`). */
export interface PtzSteeringMessage {
  cameraId: string;
  steering: PtzSteerer | null;
}
