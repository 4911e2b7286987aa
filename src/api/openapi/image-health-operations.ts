// The image-health operations: a camera's checks and reference picture, a check on demand, the scope's problems.
import {
  CameraImageHealth,
  ImageCheck,
  ImageHealthQuery,
  ImageProblemList,
  ImageProblemsQuery,
  ImageReference,
} from '../../contracts/index.js';
import { op, type Operation } from './operation.js';

export const IMAGE_HEALTH_OPERATIONS: readonly Operation[] = [
  op(
    'get',
    '/api/cameras/{id}/image-health',
    'image health',
    'session',
    'A camera’s latest image check, its last checks and its reference picture (anyone in scope)',
    { query: ImageHealthQuery, answer: CameraImageHealth },
  ),
  op(
    'post',
    '/api/cameras/{id}/image-health/check',
    'image health',
    'session',
    'Check the camera’s picture now (operators, inspectors and admins in scope; not enterprise accounts)',
    { answer: ImageCheck },
  ),
  op(
    'put',
    '/api/cameras/{id}/image-health/reference',
    'image health',
    'admin',
    'Take the camera’s current picture as the reference view re-aiming is measured against (admins in scope)',
    { answer: ImageReference },
  ),
  op('get', '/api/cameras/{id}/image-health/reference.jpg', 'image health', 'session', 'The reference picture', {
    answer: { type: 'image/jpeg', description: 'the reference picture' },
  }),
  op(
    'get',
    '/api/image-health',
    'image health',
    'session',
    'The cameras in the caller’s scope whose latest check is one of the verdicts asked (default: a problem)',
    { query: ImageProblemsQuery, answer: ImageProblemList },
  ),
];
