import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DisplayArea, edgeFor, placeWindowNearTray, type Rectangle, WINDOW_MARGIN_PX } from '../../../electron/core/window/window-placement.ts';

const size = { width: 420, height: 320 };
const M = WINDOW_MARGIN_PX;

/** A 1920×1080 display at (x, y) with a taskbar or panel of `thickness` px on one edge. */
function display(x: number, y: number, bar: 'top' | 'bottom' | 'left' | 'right', thickness = 40, width = 1920, height = 1080): DisplayArea {
  const bounds = { x, y, width, height };
  const workArea = { ...bounds };
  if (bar === 'top') Object.assign(workArea, { y: y + thickness, height: height - thickness });
  if (bar === 'bottom') Object.assign(workArea, { height: height - thickness });
  if (bar === 'left') Object.assign(workArea, { x: x + thickness, width: width - thickness });
  if (bar === 'right') Object.assign(workArea, { width: width - thickness });
  return { bounds, workArea };
}

const inside = (window: Rectangle, area: Rectangle): boolean =>
  window.x >= area.x && window.y >= area.y && window.x + window.width <= area.x + area.width && window.y + window.height <= area.y + area.height;

describe('placeWindowNearTray', () => {
  it('hangs below a macOS menu-bar icon, centred on it', () => {
    const mac = display(0, 0, 'top', 25, 1440, 900);
    const trayBounds = { x: 1200, y: 0, width: 22, height: 24 };
    expect(placeWindowNearTray({ size, trayBounds, cursor: { x: 1210, y: 10 }, displays: [mac] })).toEqual({ x: 1211 - 210, y: 25 + M, ...size });
  });

  it('sits above a Windows taskbar icon, pulled in from the screen corner', () => {
    const win = display(0, 0, 'bottom');
    const trayBounds = { x: 1850, y: 1048, width: 24, height: 24 };
    expect(placeWindowNearTray({ size, trayBounds, cursor: { x: 1860, y: 1060 }, displays: [win] })).toEqual({
      x: 1920 - 420 - M,
      y: 1040 - 320 - M,
      ...size,
    });
  });

  it.each([
    ['left', { x: 8, y: 900, width: 24, height: 24 }, { x: 40 + M, y: 912 - 160 }],
    ['right', { x: 1890, y: 500, width: 24, height: 24 }, { x: 1880 - 420 - M, y: 512 - 160 }],
    ['top', { x: 900, y: 8, width: 24, height: 24 }, { x: 912 - 210, y: 40 + M }],
  ] as const)('follows a taskbar docked on the %s', (bar, trayBounds, expected) => {
    expect(placeWindowNearTray({ size, trayBounds, cursor: { x: 0, y: 0 }, displays: [display(0, 0, bar)] })).toEqual({ ...expected, ...size });
  });

  it('uses the pointer on the nearest work-area edge when the tray reports no bounds (Linux)', () => {
    const gnome = display(0, 0, 'top', 32);
    const placed = placeWindowNearTray({ size, trayBounds: { x: 0, y: 0, width: 0, height: 0 }, cursor: { x: 1700, y: 12 }, displays: [gnome] });
    expect(placed).toEqual({ x: 1700 - 210, y: 32 + M, ...size });
    // A bottom panel (KDE, XFCE): the pointer is on it, below the work area.
    const kde = display(0, 0, 'bottom', 44);
    expect(placeWindowNearTray({ size, cursor: { x: 300, y: 1060 }, displays: [kde] })).toEqual({ x: 300 - 210, y: 1036 - 320 - M, ...size });
  });

  it('places the window on the monitor the tray is on, including one left of and above the primary', () => {
    const primary = display(0, 0, 'bottom');
    const secondary = display(-1920, -200, 'bottom');
    const trayBounds = { x: -100, y: 840, width: 24, height: 24 };
    const placed = placeWindowNearTray({ size, trayBounds, cursor: { x: 500, y: 500 }, displays: [primary, secondary] });
    expect(placed).toEqual({ x: -420 - M, y: 840 - 320 - M, ...size });
    expect(inside(placed, secondary.workArea)).toBe(true);
  });

  it('picks the nearest monitor when the point is on none (a gap between monitors of different heights)', () => {
    const tall = display(0, 0, 'bottom', 40, 1920, 1200);
    const short = display(1920, 0, 'bottom', 40, 1920, 800);
    const placed = placeWindowNearTray({ size, cursor: { x: 2500, y: 1100 }, displays: [tall, short] });
    expect(inside(placed, short.workArea)).toBe(true);
  });

  it('shrinks to a work area smaller than the window', () => {
    const tiny = display(0, 0, 'bottom', 40, 400, 300);
    expect(placeWindowNearTray({ size, cursor: { x: 200, y: 280 }, displays: [tiny] })).toEqual({ x: M, y: M, width: 400 - 2 * M, height: 260 - 2 * M });
  });

  it('never leaves a display, wherever the tray or pointer is and however the monitors sit', () => {
    const rect = (max: number) =>
      fc.record({
        x: fc.integer({ min: -max, max }),
        y: fc.integer({ min: -max, max }),
        width: fc.integer({ min: 0, max: 60 }),
        height: fc.integer({ min: 0, max: 60 }),
      });
    const screen = fc
      .record({
        x: fc.integer({ min: -6000, max: 6000 }),
        y: fc.integer({ min: -3000, max: 3000 }),
        width: fc.integer({ min: 640, max: 5120 }),
        height: fc.integer({ min: 480, max: 2880 }),
        bar: fc.constantFrom('top', 'bottom', 'left', 'right') as fc.Arbitrary<'top' | 'bottom' | 'left' | 'right'>,
        thickness: fc.integer({ min: 0, max: 80 }),
      })
      .map(({ x, y, width, height, bar, thickness }) => display(x, y, bar, thickness, width, height));
    fc.assert(
      fc.property(
        fc.array(screen, { minLength: 1, maxLength: 4 }),
        fc.option(rect(8000), { nil: undefined }),
        fc.record({ x: fc.integer({ min: -8000, max: 8000 }), y: fc.integer({ min: -8000, max: 8000 }) }),
        (displays, trayBounds, cursor) => {
          const placed = placeWindowNearTray({ size, trayBounds, cursor, displays });
          expect(displays.some((d) => inside(placed, d.workArea))).toBe(true);
        },
      ),
    );
  });
});

describe('edgeFor', () => {
  const area = { x: 0, y: 25, width: 1440, height: 875 };
  it('reads the edge from where the tray sits outside the work area', () => {
    expect(edgeFor({ x: 1200, y: 0, width: 22, height: 24 }, area)).toBe('top');
    expect(edgeFor({ x: 1200, y: 900, width: 22, height: 24 }, area)).toBe('bottom');
  });
  it('takes the nearest edge for a point inside the work area (an auto-hidden taskbar)', () => {
    expect(edgeFor({ x: 1430, y: 450 }, area)).toBe('right');
    expect(edgeFor({ x: 700, y: 890 }, area)).toBe('bottom');
  });
});
