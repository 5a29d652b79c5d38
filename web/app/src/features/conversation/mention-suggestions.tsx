// Suggestions while a note's current word starts with @: agents whose name or email matches, inserted as @email.
import type { Agent } from '../../api/types.js';

/** The @word being typed at the caret, or null. */
export function mentionAt(text: string, caret: number): { readonly start: number; readonly query: string } | null {
  const before = text.slice(0, caret);
  const m = /(^|\s)@([^\s@]*)$/.exec(before);
  if (!m) return null;
  return { start: caret - m[2]!.length - 1, query: m[2]!.toLowerCase() };
}

export function matchAgents(agents: readonly Agent[], query: string): Agent[] {
  return agents.filter((a) => !a.disabled && (a.name.toLowerCase().includes(query) || a.email.toLowerCase().startsWith(query))).slice(0, 5);
}

export function MentionSuggestions({ agents, onPick }: { readonly agents: readonly Agent[]; readonly onPick: (agent: Agent) => void }) {
  if (agents.length === 0) return null;
  return (
    <div className="mentions" role="group" aria-label="Mention an agent">
      {agents.map((a) => (
        <button key={a.id} type="button" className="chip" onClick={() => onPick(a)}>
          @{a.name} <span className="chip-muted">{a.email}</span>
        </button>
      ))}
    </div>
  );
}
