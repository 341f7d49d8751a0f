/**
 * What the canvas tells every card and cable through React context instead of a React Flow
 * store subscription each: a subscription runs its selector on every pan/zoom frame (thousands on
 * a big lab), a context value only re-renders its readers when it changes.
 *
 * - `ConnectingFrom`: the node a cable is being drawn from, or null (the cards become drop targets).
 * - `Far`: the zoom is below Canvas's LOD_ZOOM (cables leave out their interface labels).
 */
import { createContext, useContext } from 'react';

export const ConnectingFrom = createContext<string | null>(null);
export const useConnectingFrom = () => useContext(ConnectingFrom);
export const Far = createContext(false);
export const useFar = () => useContext(Far);
