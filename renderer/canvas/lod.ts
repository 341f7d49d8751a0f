/**
 * The canvas's levels of detail, by zoom and lab size.
 *
 * - Below `LOD_ZOOM` the cards and cables show less (`.lod-far`, canvas.css): interface labels,
 *   address lines, icons, shadows and the dot grid are unreadable there anyway, and on a big lab they
 *   are most of what the browser paints, hit-tests and composites on every frame of a pan. The
 *   automation attributes (data-node, data-status, data-link) stay on the elements.
 * - A lab of at least `OVERVIEW_MIN_NODES` nodes below `LOD_ZOOM` is shown as the **overview**
 *   (OverviewLayer): React Flow mounts no card or cable, one `<canvas>` paints them all. Each
 *   mounted card and cable costs React Flow store subscriptions that run on every pan frame, and
 *   culling mounts and unmounts them at the edge of the view; a few hundred in view is where a pan
 *   drops below the frame rate on our 2-core build machines (bench/README.md, Renderer).
 */
export const LOD_ZOOM = 0.5;
export const OVERVIEW_MIN_NODES = 300;

/**
 * How far out a big lab can be zoomed (small labs stop at 0.2): far enough to fit a 2000-node lab
 * laid out on a grid into a laptop's canvas. The overview paints the whole lab in a few ms, so it
 * opens fitted to all of it instead of to the part that fits at 0.2.
 */
export const OVERVIEW_MIN_ZOOM = 0.05;
export const MIN_ZOOM = 0.2;

/** @example isOverview(1000, 0.2) // true; isOverview(20, 0.2) // false */
export const isOverview = (nodeCount: number, zoom: number): boolean => nodeCount >= OVERVIEW_MIN_NODES && zoom < LOD_ZOOM;

/**
 * fitView's options everywhere (open, the Controls' button, auto-layout). `includeHiddenNodes`: in
 * the overview every node is hidden from React Flow, and fitView would otherwise fit nothing.
 */
export const FIT_VIEW = { padding: 0.25, maxZoom: 1.2, includeHiddenNodes: true } as const;
