import { renderContainerNames, substitutePlaceholders } from '../../../src/taskdef/placeholders.js';

const values = (vars: Record<string, string>, env?: Record<string, string>) => ({ vars: new Map(Object.entries(vars)), env });

test('fills ${NAME}, ${NAME:-default}, keeps $${NAME} literal, leaves keys and other styles alone', () => {
  const { value, used } = substitutePlaceholders(
    { '${KEY}': 'a-${A}-b', list: ['${B:-fallback}', '$${A}', '${{ secrets.X }}', '<IMAGE>'], n: 1 },
    values({ A: '1' }),
    'hint',
  );
  expect(value).toEqual({ '${KEY}': 'a-1-b', list: ['fallback', '${A}', '${{ secrets.X }}', '<IMAGE>'], n: 1 });
  expect(used).toEqual(['A']);
});

test('vars win over the environment; the environment is used only when given', () => {
  expect(substitutePlaceholders('${A}${B}', values({ A: 'v' }, { A: 'e', B: 'e' }), '').value).toBe('ve');
  expect(() => substitutePlaceholders('${B}', values({}), 'Set vars.')).toThrow('Set vars.');
});

test('as in a shell: ":-" takes the default for an empty value, "-" only for an unset one; defaults nest', () => {
  expect(substitutePlaceholders('x${A:-d}y', values({ A: '' }), '').value).toBe('xdy');
  expect(substitutePlaceholders('x${A-d}y', values({ A: '' }), '').value).toBe('xy');
  expect(substitutePlaceholders('x${U-d}y', values({}), '').value).toBe('xdy');
  expect(substitutePlaceholders('${A:-${B:-${C:-v}}}', values({ C: 'c' }), '').value).toBe('c');
  expect(substitutePlaceholders('${A:-{json}}', values({}), '').value).toBe('{json}');
});

test('every unresolved placeholder is listed once, with where it first is', () => {
  expect(() =>
    substitutePlaceholders({ family: '${SERVICE}', c: [{ image: '${SERVICE}:${TAG}' }] }, values({}), 'Give them values in "vars".'),
  ).toThrow('Unresolved placeholders in the task definition: ${SERVICE} (at family), ${TAG} (at c[0].image). Give them values in "vars".');
});

describe('renderContainerNames', () => {
  it('fills the placeholders of container names that have values and leaves the others', () => {
    const document = { family: 'f', containerDefinitions: [{ name: '${SERVICE}' }, { name: '${SIDECAR}-proxy' }, { name: 'plain' }] };
    renderContainerNames(document, { vars: new Map([['SERVICE', 'api']]) });
    expect(document.containerDefinitions.map((c) => c.name)).toEqual(['api', '${SIDECAR}-proxy', 'plain']);
  });
});
