// Teams, queues and agents, loaded once after sign-in: views, the assignee picker and @mentions need them.
import { createContext, useContext, type ReactNode } from 'react';
import type { Agent, Queue, Team } from '../../api/types.js';
import { useApi } from '../../shared/use-api.js';

export interface Directory {
  readonly teams: readonly Team[];
  readonly queues: readonly Queue[];
  readonly agents: readonly Agent[];
  reload(): void;
}

const DirectoryContext = createContext<Directory>({ teams: [], queues: [], agents: [], reload: () => undefined });

export function DirectoryProvider({ children }: { readonly children: ReactNode }) {
  const teams = useApi<{ items: Team[] }>('/api/teams');
  const queues = useApi<{ items: Queue[] }>('/api/queues');
  const agents = useApi<{ items: Agent[] }>('/api/agents');
  const value: Directory = {
    teams: teams.data?.items ?? [],
    queues: queues.data?.items ?? [],
    agents: agents.data?.items ?? [],
    reload: () => {
      teams.reload();
      queues.reload();
      agents.reload();
    },
  };
  return <DirectoryContext.Provider value={value}>{children}</DirectoryContext.Provider>;
}

export function useDirectory(): Directory {
  return useContext(DirectoryContext);
}
