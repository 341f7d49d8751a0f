/**
 * Exercise instructions: Markdown parsed by marked's lexer into tokens and rendered as React
 * elements. No HTML string is ever injected: raw HTML in the source shows as text, and links
 * keep only http(s)/mailto targets and open outside the app.
 */
import { Lexer, type Token, type Tokens } from 'marked';
import { Fragment, useMemo, type ReactNode } from 'react';

const SAFE_HREF = /^(https?:|mailto:)/i;

function inline(tokens: Token[] | undefined, key = ''): ReactNode[] {
  return (tokens ?? []).map((t, i) => {
    const k = `${key}${i}`;
    switch (t.type) {
      case 'strong': return <strong key={k}>{inline((t as Tokens.Strong).tokens, k)}</strong>;
      case 'em': return <em key={k}>{inline((t as Tokens.Em).tokens, k)}</em>;
      case 'del': return <del key={k}>{inline((t as Tokens.Del).tokens, k)}</del>;
      case 'codespan': return <code key={k}>{(t as Tokens.Codespan).text}</code>;
      case 'br': return <br key={k} />;
      case 'link': {
        const l = t as Tokens.Link;
        return SAFE_HREF.test(l.href)
          ? <a key={k} href={l.href} target="_blank" rel="noopener noreferrer">{inline(l.tokens, k)}</a>
          : <Fragment key={k}>{inline(l.tokens, k)}</Fragment>;
      }
      case 'image': return <Fragment key={k}>{(t as Tokens.Image).text}</Fragment>;
      case 'text': {
        const x = t as Tokens.Text;
        return <Fragment key={k}>{x.tokens ? inline(x.tokens, k) : x.text}</Fragment>;
      }
      case 'escape': return <Fragment key={k}>{(t as Tokens.Escape).text}</Fragment>;
      // html and anything unknown: the source text, as text
      default: return <Fragment key={k}>{t.raw}</Fragment>;
    }
  });
}

function block(t: Token, k: string): ReactNode {
  switch (t.type) {
    case 'heading': {
      const h = t as Tokens.Heading;
      const Tag = (`h${Math.min(6, h.depth + 1)}`) as 'h3';
      return <Tag key={k}>{inline(h.tokens, k)}</Tag>;
    }
    case 'paragraph': return <p key={k}>{inline((t as Tokens.Paragraph).tokens, k)}</p>;
    case 'list': {
      const l = t as Tokens.List;
      const items = l.items.map((it, i) => <li key={i}>{it.tokens.map((x, j) => (x.type === 'text' ? <Fragment key={j}>{inline((x as Tokens.Text).tokens ?? [x], `${k}-${i}-${j}`)}</Fragment> : block(x, `${k}-${i}-${j}`)))}</li>);
      return l.ordered ? <ol key={k} start={typeof l.start === 'number' ? l.start : undefined}>{items}</ol> : <ul key={k}>{items}</ul>;
    }
    case 'code': return <pre key={k}><code>{(t as Tokens.Code).text}</code></pre>;
    case 'blockquote': return <blockquote key={k}>{(t as Tokens.Blockquote).tokens.map((x, i) => block(x, `${k}-${i}`))}</blockquote>;
    case 'hr': return <hr key={k} />;
    case 'space': return null;
    case 'text': return <p key={k}>{inline((t as Tokens.Text).tokens ?? [t], k)}</p>;
    default: return <p key={k}>{t.raw}</p>;
  }
}

export function Markdown({ text, className }: { text: string; className?: string }) {
  const tokens = useMemo(() => new Lexer({ gfm: true }).lex(text), [text]);
  return <div className={className}>{tokens.map((t, i) => block(t, String(i)))}</div>;
}
