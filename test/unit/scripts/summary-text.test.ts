import * as core from '@actions/core';
import { summaryToText } from '../../../scripts/lib/summary-text.js';

describe('summaryToText', () => {
  afterEach(() => core.summary.emptyBuffer());

  it('renders what core.summary writes as readable text', () => {
    const html = core.summary
      .addHeading('deploy-service: api', 3)
      .addTable([
        [
          { data: 'Service', header: true },
          { data: 'Result', header: true },
        ],
        ['api', 'rev 41 &rarr; 42 <b>ok</b>'],
        ['worker-long-name', 'failed'],
      ])
      .addRaw('**Cause:** rev 43 rolled back by the <a href="https://console.aws/x">circuit breaker</a>', true)
      .addCodeBlock('line 1 &lt;err&gt;\nline 2', 'text')
      .addList(['first', 'second'])
      .stringify();
    expect(summaryToText(html)).toBe(
      [
        'deploy-service: api',
        '-------------------',
        'Service           Result',
        '----------------  --------------',
        'api               rev 41 → 42 ok',
        'worker-long-name  failed',
        'Cause: rev 43 rolled back by the circuit breaker (https://console.aws/x)',
        '    line 1 <err>',
        '    line 2',
        '- first',
        '- second',
      ].join('\n'),
    );
  });

  it('shows a key/value table with an empty header row without a header', () => {
    const html = core.summary
      .addTable([
        [
          { data: '', header: true },
          { data: '', header: true },
        ],
        ['Exit code', '0'],
        ['Command', 'migrate'],
      ])
      .stringify();
    expect(summaryToText(html)).toBe(['Exit code  0', 'Command    migrate'].join('\n'));
  });

  it('renders markdown tables, headings and fenced code', () => {
    const markdown = ['## Build', '', '| Image | Skipped |', '|---|:-:|', '| `repo@sha256:ab` | yes |', '', '```', 'a  b', '```'].join(
      '\n',
    );
    expect(summaryToText(markdown)).toBe(
      ['Build', '=====', 'Image             Skipped', '----------------  -------', '`repo@sha256:ab`  yes', '    a  b'].join('\n'),
    );
  });
});
