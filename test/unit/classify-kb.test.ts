import { describe, expect, it } from 'vitest';
import servicesData from '../../src/judge/classify/data/services.json' with { type: 'json' };
import cookieData from '../../src/judge/classify/data/cookies.json' with { type: 'json' };
import { buildCookieKnowledgeBase, COOKIE_KB } from '../../src/judge/classify/cookies.js';
import { buildKnowledgeBase, SERVICE_CATEGORIES, SERVICES, serviceById } from '../../src/judge/classify/services.js';

describe('service knowledge base (data/services.json)', () => {
  it('has at least 150 services with unique ids', () => {
    expect(SERVICES.length).toBeGreaterThanOrEqual(150);
    expect(new Set(SERVICES.map((s) => s.id)).size).toBe(SERVICES.length);
  });

  it('uses only valid categories, ISO alpha-2 countries and lower-case hosts', () => {
    for (const s of SERVICES) {
      expect(SERVICE_CATEGORIES, s.id).toContain(s.category);
      if (s.country !== undefined) expect(s.country, s.id).toMatch(/^[A-Z]{2}$/);
      if (s.dpf !== undefined) expect(typeof s.dpf, s.id).toBe('boolean');
      expect(s.name, s.id).not.toBe('');
      expect(s.organization, s.id).not.toBe('');
      for (const host of s.hosts) expect(host, s.id).toMatch(/^[a-z0-9.-]+\.[a-z0-9-]+$/);
    }
  });

  it('claims no host twice, and no service lists a host its own broader host already covers', () => {
    const owner = new Map<string, string>();
    for (const s of SERVICES) {
      for (const host of s.hosts) {
        expect(owner.get(host), `${host} in ${s.id}`).toBeUndefined();
        owner.set(host, s.id);
      }
      const redundant = s.hosts.filter((h) => s.hosts.some((o) => o !== h && h.endsWith(`.${o}`)));
      expect(redundant, s.id).toEqual([]);
    }
  });

  it('claims DPF certification only for US organisations', () => {
    const nonUs = SERVICES.filter((s) => s.dpf === true && s.country !== 'US').map((s) => s.id);
    expect(nonUs).toEqual([]);
  });

  it('does not claim shared hosting domains whose customers it cannot tell apart', () => {
    for (const shared of ['cloudfront.net', 'amazonaws.com', 'akamaihd.net', 'azureedge.net', 'herokuapp.com', 'github.io', 'pages.dev']) {
      expect(SERVICES.some((s) => s.hosts.includes(shared)), shared).toBe(false);
    }
  });

  it('rejects malformed data loudly', () => {
    const org = (services: unknown[]) => ({ organizations: [{ organization: 'X Ltd', country: 'GB', services }] });
    expect(() => buildKnowledgeBase(org([{ id: 'a', name: 'A', category: 'tracking', hosts: ['a.com'] }]))).toThrow(/unknown category "tracking"/);
    expect(() => buildKnowledgeBase(org([{ id: 'a', name: 'A', category: 'cdn', hosts: ['a.com'] }, { id: 'b', name: 'B', category: 'cdn', hosts: ['a.com'] }]))).toThrow(/"a.com" is already claimed by "a"/);
    expect(() => buildKnowledgeBase(org([{ id: 'a', name: 'A', category: 'cdn', hosts: ['a.com'] }, { id: 'a', name: 'B', category: 'cdn', hosts: ['b.com'] }]))).toThrow(/duplicate id/);
    expect(() => buildKnowledgeBase(org([{ id: 'a', name: 'A', category: 'cdn', hosts: ['A.com'] }]))).toThrow(/lower-case host/);
    expect(() => buildKnowledgeBase({ organizations: [{ organization: 'X', country: 'USA', services: [{ id: 'a', name: 'A', category: 'cdn', hosts: ['a.com'] }] }] })).toThrow(/ISO 3166-1/);
    expect(buildKnowledgeBase(servicesData).services.length).toBe(SERVICES.length);
  });

  it('has the services the issue asks for, with the right categories', () => {
    const expected: Record<string, string> = {
      'google-analytics': 'analytics', 'google-ads': 'advertising', 'google-tag-manager': 'tag-manager', 'google-fonts': 'fonts',
      'google-maps': 'embedded-content', youtube: 'embedded-content', 'youtube-nocookie': 'embedded-content', facebook: 'advertising',
      instagram: 'social', 'microsoft-clarity': 'session-replay', 'bing-ads': 'advertising', 'linkedin-insight': 'advertising',
      'tiktok-pixel': 'advertising', hotjar: 'session-replay', criteo: 'advertising', taboola: 'advertising', outbrain: 'advertising',
      'adobe-analytics': 'analytics', 'adobe-audience-manager': 'advertising', 'adobe-launch': 'tag-manager', 'hubspot-analytics': 'analytics',
      'pinterest-tag': 'advertising', 'snap-pixel': 'advertising', 'x-ads': 'advertising', x: 'social', 'reddit-pixel': 'advertising',
      'yandex-metrica': 'analytics', 'matomo-cloud': 'analytics', plausible: 'analytics', vimeo: 'embedded-content', 'cloudflare-cdnjs': 'cdn',
      jsdelivr: 'cdn', unpkg: 'cdn', 'google-hosted-libraries': 'cdn', cookiebot: 'consent-manager', onetrust: 'consent-manager',
      usercentrics: 'consent-manager', didomi: 'consent-manager', 'quantcast-choice': 'consent-manager', sourcepoint: 'consent-manager',
      trustarc: 'consent-manager', iubenda: 'consent-manager', consentmanager: 'consent-manager', stripe: 'payment', paypal: 'payment',
      'google-recaptcha': 'security', 'amazon-ads': 'advertising', quantcast: 'advertising', 'the-trade-desk': 'advertising', xandr: 'advertising',
      magnite: 'advertising', pubmatic: 'advertising', openx: 'advertising', 'index-exchange': 'advertising', sovrn: 'advertising',
      teads: 'advertising', equativ: 'advertising', adform: 'advertising', id5: 'advertising', liveramp: 'advertising', mediamath: 'advertising',
      intercom: 'customer-interaction', zendesk: 'customer-interaction', drift: 'customer-interaction', livechat: 'customer-interaction',
      tawk: 'customer-interaction', mouseflow: 'session-replay', fullstory: 'session-replay', smartlook: 'session-replay',
      'lucky-orange': 'session-replay', 'crazy-egg': 'session-replay', contentsquare: 'session-replay', mixpanel: 'analytics',
      amplitude: 'analytics', segment: 'analytics', heap: 'analytics', kameleoon: 'analytics', optimizely: 'analytics', vwo: 'analytics',
      'ab-tasty': 'analytics', 'new-relic': 'other', sentry: 'other', 'datadog-rum': 'other',
    };
    for (const [id, category] of Object.entries(expected)) expect(serviceById(id)?.category, id).toBe(category);
    expect(serviceById('google-analytics')).toMatchObject({ organization: 'Google LLC', country: 'US', dpf: true });
    expect(serviceById('facebook')).toMatchObject({ country: 'US', dpf: true });
    expect(serviceById('criteo')).toMatchObject({ country: 'FR' });
    expect(serviceById('hotjar')).toMatchObject({ country: 'MT' });
    expect(serviceById('hotjar')!.dpf).toBeUndefined();
    expect(serviceById('yandex-metrica')).toMatchObject({ country: 'RU' });
    expect(serviceById('matomo-cloud')).toMatchObject({ country: 'NZ' });
    expect(serviceById('plausible')).toMatchObject({ country: 'EE' });
    expect(serviceById('plausible')!.notes).toMatch(/cookieless/i);
  });
});

describe('cookie knowledge base (data/cookies.json)', () => {
  it('compiles, and every service id it names exists', () => {
    expect(COOKIE_KB.size).toBeGreaterThan(300);
    expect(() => buildCookieKnowledgeBase(cookieData)).not.toThrow();
  });

  it('rejects malformed rules', () => {
    expect(() => buildCookieKnowledgeBase({ rules: [{ category: 'tracking', names: ['x'] }] })).toThrow(/unknown category/);
    expect(() => buildCookieKnowledgeBase({ rules: [{ category: 'marketing', service: 'nope', names: ['x'] }] })).toThrow(/unknown service id "nope"/);
    expect(() => buildCookieKnowledgeBase({ rules: [{ category: 'marketing', names: ['a*b*'] }] })).toThrow(/trailing \*/);
  });
});
