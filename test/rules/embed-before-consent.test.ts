import { rule } from '../../rules/embed-before-consent.js';
import { SITE, req, services, site } from './evidence-builder.js';
import { ruleTester } from './rule-tester.js';

const frame = (url: string, service = services.youtube, extra = {}) => req(url, { type: 'document', isMainFrame: false, service, ...extra });

ruleTester(rule, {
  valid: [
    { name: 'youtube-nocookie is privacy-enhanced', site: site({ phases: { before: { requests: [frame('https://www.youtube-nocookie.com/embed/abc', { ...services.youtube })] } } }) },
    { name: 'a YouTube thumbnail image is not an embed', site: site({ phases: { before: { requests: [req('https://i.ytimg.com/vi/abc/hq.jpg', { type: 'image', service: services.youtube })] } } }) },
    { name: 'no before phase ran', site: site({ phases: { accept: {} } }), outcome: 'not-applicable' },
    { name: 'embeds after accepting', site: site({ phases: { accept: { requests: [frame('https://www.youtube.com/embed/abc', services.youtube, { afterConsent: true })] } } }) },
    { name: 'an unknown third-party frame', site: site({ phases: { before: { requests: [req('https://booking.example.net/widget', { type: 'document', isMainFrame: false })] } } }) },
    { name: 'allowlisted', site: site({ phases: { before: { requests: [frame('https://player.vimeo.com/video/1', services.vimeo)] } } }), config: { allowlist: { hosts: ['vimeo.com'] } } },
  ],
  invalid: [
    {
      name: 'YouTube and Google Maps frames before consent',
      site: site({
        phases: {
          before: {
            requests: [frame('https://www.youtube.com/embed/abc?rel=0'), frame('https://www.google.com/maps/embed?pb=xyz', services.googleMaps), frame('https://www.youtube.com/embed/def')],
          },
        },
      }),
      findings: [
        {
          outcome: 'fail',
          phase: 'before',
          pageUrl: `${SITE}/`,
          messageId: 'embedBeforeChoice',
          message: /^The page embedded YouTube \(Google LLC\) and Google Maps \(Google LLC\) in frames before the visitor made any choice/,
          evidence: ['https://www.youtube.com/embed/abc?rel=0', 'https://www.google.com/maps/embed?pb=xyz', 'https://www.youtube.com/embed/def'],
        },
      ],
    },
    {
      name: 'a Facebook like button',
      site: site({ phases: { before: { requests: [frame('https://www.facebook.com/plugins/like.php?href=x', services.facebookSocial)] } } }),
      findings: [{ outcome: 'fail', messageId: 'embedBeforeChoice', message: /Facebook Social Plugins \(Meta Platforms, Inc\.\) in a frame/ }],
    },
  ],
});
