import { useStore } from '../store';
import { ExamplesDialog } from './ExamplesDialog';
import { MessageDialog } from './MessageDialog';
import { PlanDialog } from './PlanDialog';

export function Dialogs() {
  const d = useStore((s) => s.dialog);
  if (d === 'plan') return <PlanDialog />;
  if (d === 'examples') return <ExamplesDialog />;
  if (d && typeof d === 'object') return <MessageDialog title={d.title} text={d.text} />;
  return null;
}
