// HTML mail → plain text an agent can read safely. The desk renders message text as text only (STYLE.md §12), so
// no HTML survives: scripts, styles and heads are dropped with their content, event handlers vanish with their
// tags, and only http(s)/mailto link targets are printed (a `javascript:` URL is not worth showing).
import { convert, type HtmlToTextOptions } from 'html-to-text';

const SAFE_HREF = /^(https?:|mailto:)/i;

const OPTIONS: HtmlToTextOptions = {
  wordwrap: false,
  selectors: [
    { selector: 'script', format: 'skip' },
    { selector: 'style', format: 'skip' },
    { selector: 'head', format: 'skip' },
    { selector: 'noscript', format: 'skip' },
    { selector: 'template', format: 'skip' },
    { selector: 'iframe', format: 'skip' },
    { selector: 'object', format: 'skip' },
    { selector: 'img', format: 'skip' },
    {
      selector: 'a',
      options: {
        hideLinkHrefIfSameAsText: true,
        linkBrackets: ['<', '>'],
        pathRewrite: (href: string) => (SAFE_HREF.test(href.trim()) ? href.trim() : ''),
      },
    },
  ],
};

export function htmlToSafeText(html: string): string {
  return tidyText(convert(html, OPTIONS));
}

/** Normalises line ends and blank runs, and drops the control characters no mail client shows. */
export function tidyText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
