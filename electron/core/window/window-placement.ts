/**
 * Where the quick-lookup window goes: next to the tray icon when the OS says where that is (macOS, Windows), next to
 * the pointer on the nearest edge of the work area when it does not (most Linux trays report no bounds), and always
 * wholly inside one display's work area, so it is never off-screen or under a taskbar, however the monitors sit.
 */

export interface Rectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Point {
  x: number;
  y: number;
}

/** A display as Electron's `screen` reports it: all of it, and the part not taken by taskbars, docks and panels. */
export interface DisplayArea {
  bounds: Rectangle;
  workArea: Rectangle;
}

export type Edge = 'top' | 'bottom' | 'left' | 'right';

export interface PlacementInput {
  /** The window's preferred size; it shrinks to fit a smaller work area. */
  size: { width: number; height: number };
  /** The tray icon's bounds (from its last click, or `tray.getBounds()`); undefined or all zeros where the OS does not tell (Linux). */
  trayBounds?: Rectangle | undefined;
  /** `screen.getCursorScreenPoint()`: where the person clicked or was when they pressed the hotkey. */
  cursor: Point;
  displays: readonly DisplayArea[];
}

/** The gap between the window and the taskbar or screen edge, in device-independent pixels. */
export const WINDOW_MARGIN_PX = 8;

const hasArea = (rectangle: Rectangle | undefined): rectangle is Rectangle => rectangle !== undefined && rectangle.width > 0 && rectangle.height > 0;

const centreOf = (rectangle: Rectangle): Point => ({ x: rectangle.x + rectangle.width / 2, y: rectangle.y + rectangle.height / 2 });

const contains = (rectangle: Rectangle, point: Point): boolean =>
  point.x >= rectangle.x && point.x < rectangle.x + rectangle.width && point.y >= rectangle.y && point.y < rectangle.y + rectangle.height;

function distanceTo(rectangle: Rectangle, point: Point): number {
  const dx = Math.max(rectangle.x - point.x, 0, point.x - (rectangle.x + rectangle.width));
  const dy = Math.max(rectangle.y - point.y, 0, point.y - (rectangle.y + rectangle.height));
  return Math.hypot(dx, dy);
}

/** The display a point is on, or the nearest one when it is on none (a tray reported between two monitors). */
function displayFor(point: Point, displays: readonly DisplayArea[]): DisplayArea | undefined {
  return (
    displays.find((display) => contains(display.bounds, point)) ?? [...displays].sort((a, b) => distanceTo(a.bounds, point) - distanceTo(b.bounds, point))[0]
  );
}

/**
 * Which edge of the work area the window hangs from. A tray outside the work area (in a taskbar or menu bar) names
 * it; otherwise (an auto-hidden taskbar, a pointer inside the desktop) the edge nearest the point does.
 */
export function edgeFor(anchor: Rectangle | Point, workArea: Rectangle): Edge {
  const box = 'width' in anchor ? anchor : { ...anchor, width: 0, height: 0 };
  const right = workArea.x + workArea.width;
  const bottom = workArea.y + workArea.height;
  if (box.y >= bottom) return 'bottom';
  if (box.y + box.height <= workArea.y) return 'top';
  if (box.x >= right) return 'right';
  if (box.x + box.width <= workArea.x) return 'left';
  const centre = centreOf(box);
  const distances: [Edge, number][] = [
    ['top', centre.y - workArea.y],
    ['bottom', bottom - centre.y],
    ['left', centre.x - workArea.x],
    ['right', right - centre.x],
  ];
  return distances.reduce((nearest, candidate) => (candidate[1] < nearest[1] ? candidate : nearest))[0];
}

const clamp = (value: number, low: number, high: number): number => Math.min(Math.max(value, low), Math.max(low, high));

/** The window's bounds next to the tray (or the pointer), inside the work area of the display it belongs to. */
export function placeWindowNearTray({ size, trayBounds, cursor, displays }: PlacementInput): Rectangle {
  const tray = hasArea(trayBounds) ? trayBounds : undefined;
  const anchor = tray ? centreOf(tray) : cursor;
  const display = displayFor(anchor, displays);
  if (!display) return { x: 0, y: 0, ...size };
  const area = display.workArea;
  const width = Math.min(size.width, Math.max(area.width - 2 * WINDOW_MARGIN_PX, 1));
  const height = Math.min(size.height, Math.max(area.height - 2 * WINDOW_MARGIN_PX, 1));
  const edge = edgeFor(tray ?? cursor, area);

  let x = anchor.x - width / 2;
  let y = anchor.y - height / 2;
  if (edge === 'top') y = area.y + WINDOW_MARGIN_PX;
  if (edge === 'bottom') y = area.y + area.height - height - WINDOW_MARGIN_PX;
  if (edge === 'left') x = area.x + WINDOW_MARGIN_PX;
  if (edge === 'right') x = area.x + area.width - width - WINDOW_MARGIN_PX;

  return {
    x: Math.round(clamp(x, area.x + WINDOW_MARGIN_PX, area.x + area.width - width - WINDOW_MARGIN_PX)),
    y: Math.round(clamp(y, area.y + WINDOW_MARGIN_PX, area.y + area.height - height - WINDOW_MARGIN_PX)),
    width: Math.round(width),
    height: Math.round(height),
  };
}
