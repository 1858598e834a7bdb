import { describe, expect, it } from 'vitest';
import { BLUR_AFTER_SHOW_MS, PopupToggle, TRAY_CLICK_AFTER_BLUR_MS } from '../../../electron/core/window/popup-toggle.ts';

function clock() {
  let now = 1_000_000;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('PopupToggle', () => {
  it('shows a hidden window and hides a shown one on a tray click', () => {
    const toggle = new PopupToggle(clock().now);
    expect(toggle.onTrayClick(false)).toBe('show');
    expect(toggle.onTrayClick(true)).toBe('hide');
  });

  it('does not reopen the window when the tray click is what took its focus (no flicker)', () => {
    const time = clock();
    const toggle = new PopupToggle(time.now);
    expect(toggle.onBlur()).toBe(true);
    time.advance(120);
    expect(toggle.onTrayClick(false)).toBe('none');
    // A later, separate click opens it again.
    time.advance(TRAY_CLICK_AFTER_BLUR_MS);
    expect(toggle.onTrayClick(false)).toBe('show');
  });

  it('ignores the blur Windows sends right after the tray shows the window, but not a later one', () => {
    const time = clock();
    const toggle = new PopupToggle(time.now, { platform: 'win32' });
    toggle.onShown();
    time.advance(50);
    expect(toggle.onBlur()).toBe(false);
    time.advance(BLUR_AFTER_SHOW_MS);
    expect(toggle.onBlur()).toBe(true);
  });

  it.each(['linux', 'darwin'] as const)('on %s a click elsewhere right after the window shows hides it: the grace is Windows’ alone', (platform) => {
    const time = clock();
    const toggle = new PopupToggle(time.now, { platform });
    toggle.onShown();
    time.advance(50);
    expect(toggle.onBlur()).toBe(true);
  });

  it('keeps working when the system clock is set back: it times with a monotonic clock by default', () => {
    const toggle = new PopupToggle();
    const realNow = Date.now;
    try {
      expect(toggle.onBlur()).toBe(true);
      Date.now = () => realNow() - 3_600_000;
      const until = performance.now() + TRAY_CLICK_AFTER_BLUR_MS + 20;
      while (performance.now() < until) {
        // Waits out the tray-click window the way a person's next click would.
      }
      expect(toggle.onTrayClick(false)).toBe('show');
    } finally {
      Date.now = realNow;
    }
  });

  it('keeps the window up while a dialog it opened has the focus, and hides on blur again after', () => {
    const toggle = new PopupToggle(clock().now);
    const release = toggle.holdOpen();
    const second = toggle.holdOpen();
    expect(toggle.onBlur()).toBe(false);
    release();
    release();
    expect(toggle.onBlur()).toBe(false);
    second();
    expect(toggle.onBlur()).toBe(true);
  });
});
