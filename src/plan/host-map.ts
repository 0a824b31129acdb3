/**
 * --host-map PATTERN=ADDRESS[:PORT]: send host names matching PATTERN (`*` is a wildcard) to
 * another address, like curl's --resolve. One rule list drives both Chromium's host resolver and
 * the tool's own Node-side requests, which do not see Chromium's rules.
 */

export interface HostMapRule {
  /** As given, e.g. `*.example.com` or `*`. */
  pattern: string;
  /** IPv4 address, IPv6 address (without brackets) or host name. */
  address: string;
  port?: number;
  /** The original text, for the report. */
  source: string;
}

export class HostMapError extends Error {}

const HOST_PATTERN = /^[a-z0-9*]([a-z0-9*.-]*[a-z0-9*])?$/i;
const ADDRESS = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/i;

export function parseHostMapRule(text: string): HostMapRule {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new HostMapError(`--host-map "${text}": expected PATTERN=ADDRESS[:PORT], e.g. '*.example.com=10.0.0.5:8443'`);
  const pattern = text.slice(0, eq).trim().toLowerCase();
  const target = text.slice(eq + 1).trim();
  if (!HOST_PATTERN.test(pattern)) throw new HostMapError(`--host-map "${text}": "${pattern}" is not a host name pattern`);
  let address: string;
  let portText: string | undefined;
  const bracketed = /^\[([0-9a-f:.]+)\](?::(\d+))?$/i.exec(target);
  if (bracketed) {
    address = bracketed[1];
    portText = bracketed[2];
  } else {
    const parts = target.split(':');
    if (parts.length > 2) throw new HostMapError(`--host-map "${text}": write IPv6 addresses in brackets, e.g. [::1]:8443`);
    [address, portText] = parts;
    if (!ADDRESS.test(address)) throw new HostMapError(`--host-map "${text}": "${address}" is not an address`);
  }
  let port: number | undefined;
  if (portText !== undefined) {
    port = Number(portText);
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new HostMapError(`--host-map "${text}": port must be 1-65535`);
  }
  return { pattern, address, port, source: text };
}

/** Chromium's --host-resolver-rules value (first matching rule wins, as in Node below). */
export function chromiumHostResolverRules(rules: readonly HostMapRule[]): string | undefined {
  if (rules.length === 0) return undefined;
  return rules
    .map((rule) => {
      const address = rule.address.includes(':') ? `[${rule.address}]` : rule.address;
      return `MAP ${rule.pattern} ${address}${rule.port ? `:${rule.port}` : ''}`;
    })
    .join(', ');
}

/** Where Node should connect for `hostname:port`, or null when no rule applies. */
export function resolveMappedHost(
  rules: readonly HostMapRule[],
  hostname: string,
  port: number,
): { address: string; port: number } | null {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  for (const rule of rules) {
    if (globMatches(rule.pattern, host)) return { address: rule.address, port: rule.port ?? port };
  }
  return null;
}

function globMatches(pattern: string, host: string): boolean {
  const regex = new RegExp(`^${pattern.split('*').map(escapeRegex).join('.*')}$`);
  return regex.test(host);
}

function escapeRegex(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}
