/** The tool, as the report and its own requests name it. */
export const TOOL = { name: 'gdpr-scan', version: '0.1.0' };
