// RTMP push: the gateway for devices that push their stream to the hub instead of being pulled.
export { PushGateway, PUSH_APP, type PushCameraLookup, type PushGatewayOptions } from './gateway.js';
