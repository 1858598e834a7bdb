/**
 * Imported first by cli.ts and demo.ts: under plain Node the `electron` module is only the path of a binary, so
 * electron-store (which the preview's state files use) gets the small fake the tests use, through the same resolve
 * hook as the benchmarks. It must run before anything that loads electron-store is even resolved: the entry points
 * load the rest with `await import()` after this.
 */
import { useFakeElectron } from '../bench/harness.ts';

useFakeElectron();
