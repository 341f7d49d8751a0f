/**
 * Electron IPC channel names, derived from the contract's keys (STYLE.md 4): one invoke channel
 * carrying the request name, one channel per event. All start with the prefix main listens on.
 */
import type { EventName } from '../../shared/protocol/api';
import { eventNames } from '../common/wire';

export const CHANNEL_PREFIX = 'nslab:';
export const INVOKE_CHANNEL = `${CHANNEL_PREFIX}invoke` as const;
export type EventChannel<E extends EventName = EventName> = `${typeof CHANNEL_PREFIX}event:${E}`;
export const eventChannel = <E extends EventName>(name: E): EventChannel<E> => `${CHANNEL_PREFIX}event:${name}`;
export const eventChannels: readonly EventChannel[] = eventNames.map(eventChannel);
