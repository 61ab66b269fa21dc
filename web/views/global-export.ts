/**
 * Export buttons: each downloads one rendering of the run's tree from
 * `GET /api/runs/:id/export?format=…` (the server names the file after the run).
 */
import { runPath } from '../api.ts';
import { code, h } from '../dom.ts';

const EXPORTS: { query: string; label: string; help: string | (() => HTMLElement) }[] = [
  { query: 'format=json', label: 'Tree JSON', help: 'The tree’s model file (qlens-lmut format): load it back with loadTreeFile.' },
  { query: 'format=dot', label: 'Graphviz DOT', help: () => h('span', null, 'The diagram for Graphviz: ', code('dot -Tsvg tree.dot -o tree.svg')) },
  { query: 'format=rules', label: 'Rules (text)', help: 'Every leaf as IF conditions THEN linear models, most samples first.' },
  { query: 'format=text', label: 'Tree (text)', help: 'The tree as indented text, in scikit-learn’s export_text layout.' },
  { query: 'format=html', label: 'HTML report', help: 'One self-contained page: fidelity, influence, the tree and the rules; opens offline.' },
  { query: 'format=code&language=js', label: 'Policy (JavaScript)', help: 'A dependency-free module with qValues(obs) and act(obs) that reproduces the tree exactly.' },
  { query: 'format=code&language=ts', label: 'Policy (TypeScript)', help: 'The same policy as TypeScript.' },
  { query: 'format=code&language=py', label: 'Policy (Python)', help: 'The same policy as a Python module with q_values(obs) and act(obs), no dependencies.' },
];

export function exportCard(id: string): HTMLElement {
  return h(
    'section',
    { class: 'card', attrs: { id: 'export' } },
    h('h2', null, 'Export the tree'),
    h('p', { class: 'muted small' }, 'Each button downloads a file named after the run.'),
    h(
      'ul',
      { class: 'export-list' },
      ...EXPORTS.map((e) =>
        h(
          'li',
          null,
          h('a', { class: 'button', attrs: { href: `api/${runPath(id, `/export?${e.query}`)}`, download: '', 'data-export': e.query } }, `⤓ ${e.label}`),
          h('span', { class: 'muted small' }, typeof e.help === 'string' ? e.help : e.help()),
        ),
      ),
    ),
  );
}
