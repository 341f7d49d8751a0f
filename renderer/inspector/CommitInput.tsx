/**
 * A text input that edits a draft and commits on Enter or blur (one undo step per edit, not per
 * keystroke); Escape reverts. `onCommit` may return a message to refuse the value (shown inline).
 */
import { useEffect, useState, type InputHTMLAttributes } from 'react';

interface Props extends Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'> {
  value: string;
  onCommit(text: string): string | null | void;
  testid: string;
  invalid?: boolean;
}

export function CommitInput({ value, onCommit, testid, invalid, className, ...rest }: Props) {
  const [draft, setDraft] = useState(value);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => { setDraft(value); setError(null); }, [value]);
  const commit = () => {
    if (draft === value) { setError(null); return; }
    const problem = onCommit(draft.trim());
    setError(problem || null);
  };
  return (
    <>
      <input
        {...rest}
        className={`input${invalid || error ? ' invalid' : ''}${className ? ` ${className}` : ''}`}
        data-testid={testid}
        value={draft}
        spellCheck={false}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') { commit(); (e.target as HTMLInputElement).select(); }
          if (e.key === 'Escape') { setDraft(value); setError(null); }
        }}
      />
      {error ? <div className="field-issue" data-testid={`${testid}-error`}>{error}</div> : null}
    </>
  );
}

/** '' → undefined, a whole number → number, anything else → a refusal message. */
export function parseOptionalInt(text: string, what: string): { value: number | undefined } | { error: string } {
  if (text === '') return { value: undefined };
  if (!/^\d+$/.test(text)) return { error: `${what} must be a whole number` };
  return { value: Number(text) };
}
