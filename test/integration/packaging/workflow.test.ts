/**
 * The GitHub Actions workflow cannot run here; what can be checked is that GitHub would accept it (it parses as YAML and
 * matches the workflow schema, through @action-validator/core) and that it runs what the README promises: the checks
 * on three systems, the `_electron` specs on the packed test build, and on a version tag the installers and a draft
 * release. Whether the jobs then pass on Windows and macOS only the workflow itself shows.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { validateWorkflow } from '@action-validator/core';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const projectRoot = resolve(import.meta.dirname, '../../..');
const source = readFileSync(join(projectRoot, '.github/workflows/ci.yml'), 'utf8');
const scripts = (JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  name: string;
  if?: string;
  needs?: string | string[];
  'runs-on': string;
  strategy?: { matrix: { os: string[] } };
  permissions?: Record<string, string>;
  env?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  on: { push: { branches: string[]; tags: string[] }; pull_request: unknown };
  permissions: Record<string, string>;
  jobs: Record<string, Job>;
}

// Strict: a duplicate key (which GitHub refuses) is an error here too.
const workflow = parse(source, { uniqueKeys: true, strict: true }) as Workflow;
const runs = (job: Job): string[] => job.steps.flatMap((step) => (step.run ? [step.run] : []));
const ALL_SYSTEMS = ['ubuntu-latest', 'windows-latest', 'macos-latest'];

describe('the GitHub Actions workflow', () => {
  it("parses and matches GitHub's workflow schema (and the validator does refuse a broken one)", () => {
    expect(validateWorkflow(source).errors).toEqual([]);
    const broken = source.replace('runs-on: ${{ matrix.os }}', 'run-on: ${{ matrix.os }}');
    expect(validateWorkflow(broken).errors.length).toBeGreaterThan(0);
  });

  it('runs on every push and pull request, and on version tags', () => {
    expect(workflow.on.push.branches).toEqual(['**']);
    expect(workflow.on.push.tags).toEqual(['v*']);
    expect(workflow.on).toHaveProperty('pull_request');
    expect(workflow.permissions).toEqual({ contents: 'read' });
  });

  it('names the five jobs: checks, electron, installers, release, site', () => {
    expect(Object.keys(workflow.jobs)).toEqual(['checks', 'electron', 'installers', 'release', 'site']);
    expect(workflow.jobs.checks?.name).toMatch(/Lint, typecheck, unit and browser tests/);
    expect(workflow.jobs.electron?.name).toMatch(/Electron end-to-end/);
    expect(workflow.jobs.installers?.name).toMatch(/Installers/);
    expect(workflow.jobs.release?.name).toMatch(/Draft release/);
  });

  it('checks: lint, typecheck, unit and browser tests on Linux, Windows and macOS', () => {
    const job = workflow.jobs.checks as Job;
    expect(job.strategy?.matrix.os).toEqual(ALL_SYSTEMS);
    expect(runs(job)).toEqual(
      expect.arrayContaining(['npm ci', 'npm run lint', 'npm run typecheck', 'npm run build', 'npm run test:unit', 'npx playwright test --project=browser']),
    );
    expect(job.env?.CHROMIUM_PATH).toBe('');
    // The shipped dependencies' advisories: only the workflow reaches the registry's audit endpoint.
    expect(job.steps.find((step) => step.run === 'npm audit --omit=dev')?.if).toBe("runner.os == 'Linux'");
    expect(runs(job)).toContain('npx playwright install --with-deps chromium');
  });

  it('electron: the _electron specs on the packed test build, under Xvfb on Linux and directly on Windows and macOS', () => {
    const job = workflow.jobs.electron as Job;
    expect(job.strategy?.matrix.os).toEqual(ALL_SYSTEMS);
    expect(job.env?.B24_E2E_APP_DIR).toBe('release/e2e');
    expect(runs(job)).toContain('npm run package:e2e -- --publish never');
    const linux = job.steps.find((step) => step.if === "runner.os == 'Linux'" && step.run?.includes('--project=electron'));
    const others = job.steps.find((step) => step.if === "runner.os != 'Linux'" && step.run?.includes('--project=electron'));
    expect(linux?.run).toBe('xvfb-run -a npx playwright test --project=electron');
    expect(others?.run).toBe('npx playwright test --project=electron');
  });

  it('on a version tag only: builds the installers on each system after both test jobs, then a draft release with them', () => {
    const installers = workflow.jobs.installers as Job;
    expect(installers.if).toBe("startsWith(github.ref, 'refs/tags/v')");
    expect(installers.needs).toEqual(['checks', 'electron']);
    expect(installers.strategy?.matrix.os).toEqual(ALL_SYSTEMS);
    expect(runs(installers)).toContain('npm run package -- --publish never');
    const upload = installers.steps.find((step) => step.uses?.startsWith('actions/upload-artifact@'));
    // The installers, and what the in-app updater reads beside them (docs/updates.md): the metadata and the blockmaps.
    expect(String(upload?.with?.path).split('\n').filter(Boolean)).toEqual([
      'release/*.deb',
      'release/*.AppImage',
      'release/*.exe',
      'release/*.dmg',
      'release/latest*.yml',
      'release/*.blockmap',
    ]);

    const release = workflow.jobs.release as Job;
    expect(release.needs).toBe('installers');
    expect(release.permissions).toEqual({ contents: 'write' });
    expect(runs(release).join('\n')).toMatch(/^gh release create "\$GITHUB_REF_NAME" installers\/\* .*--draft/m);
    // A preview's tag (v1.2.0-beta.1) makes a pre-release, which the updater offers only to those who follow the previews.
    expect(runs(release).join('\n')).toContain('*-*) echo --prerelease');
  });

  it("publishes docs/ (the sign-in's handler page among it) as the project's site from main, after the checks", () => {
    const site = workflow.jobs.site as Job;
    expect(site.if).toBe("github.ref == 'refs/heads/main'");
    expect(site.needs).toBe('checks');
    expect(site.permissions).toEqual({ pages: 'write', 'id-token': 'write' });
    const upload = site.steps.find((step) => step.uses?.startsWith('actions/upload-pages-artifact@'));
    expect(upload?.with).toEqual({ path: 'docs' });
    expect(site.steps.some((step) => step.uses?.startsWith('actions/deploy-pages@'))).toBe(true);
  });

  it('caches npm in every job that installs, on the Node the project asks for', () => {
    for (const [id, job] of Object.entries(workflow.jobs)) {
      if (!runs(job).includes('npm ci')) continue;
      const setup = job.steps.find((step) => step.uses?.startsWith('actions/setup-node@'));
      expect(setup?.with, id).toEqual({ 'node-version': 24, cache: 'npm' });
    }
  });

  it('every `npm run` it calls is a script of package.json', () => {
    const called = [...source.matchAll(/npm run ([\w:-]+)/g)].map((match) => match[1] as string);
    expect(called.length).toBeGreaterThan(4);
    expect(called.filter((name) => !(name in scripts))).toEqual([]);
  });
});
