import { defineRule } from '../src/judge/rule-engine/define-rule.js';
import { listInWords, plural, screenshotEvidence, sitePageUrl } from '../src/judge/rule-engine/helpers.js';
import type { FindingEvidence } from '../src/judge/rule-engine/types.js';
import type { SettingsToggle } from '../src/model/banner.js';

const messages = {
  preticked: '{{switches}} of the consent banner {{are}} switched on before the visitor acted: {{list}}. Consent must be an active choice.',
  lockedOn: '{{switches}} of the consent banner {{are}} switched on and cannot be switched off, and {{their}} label does not say strictly necessary: {{list}}. Check whether {{they}} need consent.',
  notSeen: 'The scanner could not see the switches of the banner\'s settings layer: {{reason}}. Check whether any purpose or vendor is switched on before the visitor acts.',
} as const;

const toggleEvidence = (toggle: SettingsToggle): FindingEvidence => ({
  kind: 'consent',
  value: `switch "${toggle.label}": ${toggle.checked ? 'on' : 'off'}${toggle.disabled ? ', cannot be changed' : ''}`,
  detail: toggle.necessary ? 'its label says strictly necessary' : 'its label does not say strictly necessary',
});

/** A purpose or vendor switched on in the banner before the visitor touched it. */
export const rule = defineRule({
  meta: {
    id: 'preticked-consent',
    title: 'Consent switches pre-ticked',
    severity: 'high',
    references: ['CJEU C-673/17 Planet49 (1 Oct 2019)', 'GDPR Recital 32', 'GDPR Art. 4(11)', 'EDPB Guidelines 05/2020 on consent, §80'],
    rationale:
      'Consent needs an active, affirmative act. The Court of Justice ruled in Planet49 that a pre-ticked checkbox the visitor must untick is no valid consent, and GDPR Recital 32 says silence, pre-ticked boxes or inactivity do not constitute consent. A settings layer whose statistics or marketing switches start switched on collects "consent" the visitor never gave when they save it.',
    remediation:
      'Start every purpose and vendor switch that is not strictly necessary switched off; only strictly necessary categories may be shown on (and locked).',
    checks:
      'Once per site, on the switches the plan\'s first phase (before) saw: on the first layer, or in the settings layer opened once with the banner\'s own settings control (nothing saved). Fails for a switch that is on, can be changed and whose label does not name a strictly necessary category (the phrase tables\' necessary words, in 26 languages). A switch that is on and locked without such a label is needs-review; so is a settings layer the scanner could not open or that showed no switch.',
  },
  messages,
  appliesTo(site) {
    if (!site.consent.bannerFound) return 'no consent banner was found';
    const layer = site.consent.bannerDesign?.settingsLayer;
    if (!layer) return "the banner's settings layer was not looked at (it is opened in the before phase only, by this version or later)";
    if (!layer.opened && !layer.via) return `the banner shows no switch and has no settings layer to open (${layer.unmeasured ?? 'nothing to open'})`;
    return true;
  },
  check(site) {
    const layer = site.consent.bannerDesign!.settingsLayer!;
    const pageUrl = sitePageUrl(site);
    const shot = screenshotEvidence(site);
    const via: FindingEvidence[] = layer.via ? [{ kind: 'consent', value: `settings layer opened with "${layer.via.label}" (1 click, nothing saved)` }] : [{ kind: 'consent', value: 'switches shown on the first layer' }];
    if (!layer.opened || layer.toggles.length === 0) {
      return [{ outcome: 'needs-review', pageUrl, messageId: 'notSeen', data: { reason: layer.unmeasured ?? 'the settings layer showed no switch' }, evidence: [...via, ...shot] }];
    }
    const on = layer.toggles.filter((t) => t.checked && !t.necessary);
    const changeable = on.filter((t) => !t.disabled);
    const locked = on.filter((t) => t.disabled);
    const words = (list: SettingsToggle[]) => ({
      switches: plural(list.length, 'switch', 'switches'),
      are: list.length === 1 ? 'is' : 'are',
      their: list.length === 1 ? 'its' : 'their',
      they: list.length === 1 ? 'it' : 'they',
      list: listInWords(list.map((t) => `"${t.label}"`), 4),
    });
    const all = layer.toggles.map(toggleEvidence);
    if (changeable.length > 0) {
      return [{ outcome: 'fail', pageUrl, messageId: 'preticked', data: words(changeable), evidence: [...via, ...all, ...shot] }];
    }
    if (locked.length > 0) {
      return [{ outcome: 'needs-review', pageUrl, messageId: 'lockedOn', data: words(locked), evidence: [...via, ...all, ...shot] }];
    }
    return [];
  },
});
