import http from 'node:http';
import https from 'node:https';
import { resolveMappedHost, type HostMapRule } from '../../plan/host-map.js';

/** Options for the tool's own requests (robots.txt, sitemaps, ...). */
export interface NodeFetchOptions {
  hostMap: readonly HostMapRule[];
  ignoreHttpsErrors: boolean;
  timeoutMs: number;
  /** Responses larger than this are cut off and flagged. */
  maxBytes: number;
  userAgent: string;
  maxRedirects?: number;
}

export interface NodeFetchResult {
  url: string;
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  truncated: boolean;
}

/**
 * GET over HTTP(S) from Node, honouring --host-map exactly like the browser does: the TCP
 * connection goes to the mapped address while Host and TLS SNI keep the real name.
 */
export async function nodeFetch(url: string, options: NodeFetchOptions): Promise<NodeFetchResult> {
  let current = new URL(url);
  for (let hop = 0; ; hop++) {
    const result = await requestOnce(current, options);
    const location = result.headers.location;
    if (result.status >= 300 && result.status < 400 && location && hop < (options.maxRedirects ?? 5)) {
      current = new URL(location, current);
      continue;
    }
    return result;
  }
}

function requestOnce(url: URL, options: NodeFetchOptions): Promise<NodeFetchResult> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return Promise.reject(new Error(`unsupported scheme ${url.protocol}`));
  const secure = url.protocol === 'https:';
  const defaultPort = secure ? 443 : 80;
  const port = url.port ? Number(url.port) : defaultPort;
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  const mapped = resolveMappedHost(options.hostMap, hostname, port);
  const transport = secure ? https : http;
  return new Promise((resolve, reject) => {
    const request = transport.request(
      {
        host: mapped?.address ?? hostname,
        port: mapped?.port ?? port,
        path: `${url.pathname}${url.search}`,
        method: 'GET',
        headers: { host: url.host, 'user-agent': options.userAgent, accept: '*/*' },
        servername: secure && !/^[\d.]+$|:/.test(hostname) ? hostname : undefined,
        rejectUnauthorized: !options.ignoreHttpsErrors,
        timeout: options.timeoutMs,
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        let truncated = false;
        response.on('data', (chunk: Buffer) => {
          if (truncated) return;
          size += chunk.length;
          if (size > options.maxBytes) {
            truncated = true;
            chunks.push(chunk.subarray(0, chunk.length - (size - options.maxBytes)));
            response.destroy();
            finish();
            return;
          }
          chunks.push(chunk);
        });
        const finish = () =>
          resolve({ url: url.href, status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8'), truncated });
        response.on('end', finish);
        response.on('error', (error) => (truncated ? undefined : reject(error)));
      },
    );
    const deadline = setTimeout(() => request.destroy(new Error(`no answer within ${options.timeoutMs} ms`)), options.timeoutMs);
    request.on('timeout', () => request.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
    request.on('error', reject);
    request.on('close', () => clearTimeout(deadline));
    request.end();
  });
}
