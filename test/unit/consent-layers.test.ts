import { describe, expect, it } from 'vitest';
import { bannersIn, type BannerCandidate } from '../../src/gather/consent/heuristics.js';
import type { FoundContainer, ScanResult } from '../../src/gather/consent/heuristics-script.js';
import { clickThroughLayers } from '../../src/gather/consent/layers.js';
import { clickSelectorSteps } from '../../src/gather/consent/selector-steps.js';
import type { ConsentSurface } from '../../src/gather/consent/surface.js';

const container = (extra: Partial<FoundContainer> = {}): FoundContainer => ({ kind: 'fixed', mentionsConsent: true, hasPrivacyLink: false, viewportShare: 0.2, shadowRoot: null, ...extra });

function scan(labels: string[], box: Partial<FoundContainer> = {}, toggles: ScanResult['toggles'] = []): ScanResult {
  return {
    controls: labels.map((label, index) => ({ index, label, tag: 'button', containerKind: box.kind ?? 'fixed', depth: 2, container: 0 })),
    containers: [container(box)],
    toggles,
    truncated: false,
  };
}

describe('which containers are banners', () => {
  it('takes a container that speaks of consent as soon as it holds a known control', () => {
    expect(bannersIn('F', scan(['Alle akzeptieren', 'Mehr erfahren']))).toHaveLength(1);
  });

  it('takes a wordless banner by its structure: an accept plus a way to refuse, a settings control or a privacy link', () => {
    const quiet = { mentionsConsent: false };
    expect(bannersIn('F', scan(['Accept all', 'Reject all'], quiet))[0]).toMatchObject({ byStructure: true });
    expect(bannersIn('F', scan(['Agree'], { ...quiet, hasPrivacyLink: true }))).toHaveLength(1);
    // An accept alone with no other sign, a newsletter box, a login dialog: not banners.
    expect(bannersIn('F', scan(['Accept'], quiet))).toEqual([]);
    expect(bannersIn('F', scan(['Subscribe', 'No thanks'], quiet))).toEqual([]);
    expect(bannersIn('F', scan(['Sign in', 'Cancel'], { ...quiet, kind: 'dialog' }))).toEqual([]);
    // An acknowledgement ("OK") is too weak to make a structure a banner.
    expect(bannersIn('F', scan(['OK', 'Reject all'], quiet))).toEqual([]);
  });

  it('keeps where the banner lives', () => {
    const [banner] = bannersIn('F', scan(['Accept all', 'Reject all'], { shadowRoot: 'closed', hasPrivacyLink: true }));
    expect(banner).toMatchObject({ frameId: 'F', shadowRoot: 'closed', hasPrivacyLink: true });
  });
});

/** A page whose layers are scan results in turn: each scan returns the next; clicks are logged. */
function fakeSurface(layers: ScanResult[], options: { deadClicks?: boolean; selectorsFound?: boolean } = {}) {
  const clicked: number[] = [];
  let layer = 0;
  const surface: ConsentSurface = {
    scan: async () => ({ banners: bannersIn('F', layers[Math.min(++layer, layers.length - 1)]!), failures: [] }),
    click: async (target) => {
      clicked.push(target.index);
      return { clicked: !options.deadClicks, trusted: true };
    },
    waitGone: async () => ({ gone: true, how: 'the banner closed' }),
    findSelector: async (selector) => (options.selectorsFound === false ? null : { target: { frameId: 'F', index: selector.length }, label: `label of ${selector}` }),
    subframeUrl: () => undefined,
  };
  return { surface, clicked, first: (): BannerCandidate[] => bannersIn('F', layers[0]!) };
}

describe('clicking through the layers', () => {
  const soon = () => Date.now() + 5_000;

  it('clicks the first layer control of the choice', async () => {
    const page = fakeSurface([scan(['Accept all', 'Reject all'])]);
    const outcome = await clickThroughLayers(page.surface, 'reject', page.first(), soon());
    expect(outcome).toMatchObject({ done: true, path: 'first-layer', clickedText: 'Reject all', bannerGone: true });
    expect(outcome.clicks).toEqual([{ role: 'reject', label: 'Reject all', layer: 1, trusted: true }]);
    expect(page.clicked).toEqual([1]);
  });

  it('rejects on the settings layer: opens it, switches non-necessary toggles off, never the necessary ones, saves', async () => {
    const first = scan(['Accept all', 'Settings']);
    first.controls[1]!.label = 'Cookie settings';
    const second: ScanResult = {
      ...scan(['Save my choices']),
      toggles: [
        { index: 5, label: 'Strictly necessary', checked: true, disabled: true, container: 0 },
        { index: 6, label: 'Necessary cookies', checked: true, disabled: false, container: 0 },
        { index: 7, label: 'Statistics', checked: true, disabled: false, container: 0 },
        { index: 8, label: 'Marketing', checked: false, disabled: false, container: 0 },
      ],
    };
    const page = fakeSurface([first, second]);
    const outcome = await clickThroughLayers(page.surface, 'reject', page.first(), soon());
    expect(outcome).toMatchObject({ done: true, path: 'second-layer', clickedText: 'Save my choices' });
    expect(outcome.clicks.map((c) => [c.role, c.label, c.layer])).toEqual([
      ['settings', 'Cookie settings', 1],
      ['toggle-off', 'Statistics', 2],
      ['save', 'Save my choices', 2],
    ]);
  });

  it('reports a first layer with neither the choice nor settings', async () => {
    const page = fakeSurface([scan(['Accept all'])]);
    const outcome = await clickThroughLayers(page.surface, 'reject', page.first(), soon());
    expect(outcome).toMatchObject({ done: false, clicks: [] });
    expect(outcome.detail).toMatch(/no reject or settings control/);
  });

  it('says when a click does not go through', async () => {
    const page = fakeSurface([scan(['Accept all', 'Reject all'])], { deadClicks: true });
    const outcome = await clickThroughLayers(page.surface, 'accept', page.first(), soon());
    expect(outcome.done).toBe(false);
    expect(outcome.detail).toMatch(/could not click "Accept all"/);
  });
});

describe("the user's own steps", () => {
  it('clicks every selector in order; only the last one makes the choice', async () => {
    const page = fakeSurface([scan([])]);
    const outcome = await clickSelectorSteps(page.surface, ['#more', '#reject-everything'], 'reject', Date.now() + 5_000);
    expect(outcome.done).toBe(true);
    expect(outcome.clicks.map((c) => [c.role, c.selector, c.layer])).toEqual([
      ['step', '#more', 1],
      ['reject', '#reject-everything', 2],
    ]);
  });

  it('names the step that found nothing', async () => {
    const page = fakeSurface([scan([])], { selectorsFound: false });
    const outcome = await clickSelectorSteps(page.surface, ['#gone'], 'accept', Date.now() + 400);
    expect(outcome.done).toBe(false);
    expect(outcome.detail).toBe('step 1 of 1: nothing visible matches "#gone"');
  });
});

describe('ranking banner candidates', () => {
  it('prefers the accept of a banner-sized container with a privacy link over one in a bare widget', () => {
    const result: ScanResult = {
      controls: [
        { index: 0, label: 'Accept', tag: 'button', containerKind: 'fixed', depth: 2, container: 0 },
        { index: 1, label: 'Accept', tag: 'button', containerKind: 'fixed', depth: 2, container: 1 },
        { index: 2, label: 'Reject', tag: 'button', containerKind: 'fixed', depth: 2, container: 1 },
      ],
      containers: [container({ viewportShare: 0.005 }), container({ viewportShare: 0.2, hasPrivacyLink: true })],
      toggles: [],
      truncated: false,
    };
    const controls = bannersIn('F', result).flatMap((b) => b.controls);
    expect(controls.filter((c) => c.kind === 'accept').sort((a, b) => b.score - a.score)[0]?.index).toBe(1);
  });
});
