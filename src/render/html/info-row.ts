/** A labelled fact of the HTML report (consent, TCF, discovery), with an optional colour. */
export interface InfoRow {
  label: string;
  value: string;
  /** good | bad | warn | muted: colour of the value, the text says the same. */
  tone?: string;
}
