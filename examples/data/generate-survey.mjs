// Regenerates survey.csv: `node examples/data/generate-survey.mjs > examples/data/survey.csv`.
// Deterministic (mulberry32, fixed seed) so the committed file and the demo's output never drift.
import { mulberry32, picker } from './_random.mjs';
const random = mulberry32(20261101);
const pick = picker(random);

// A mildly positive customer base: NPS around +30, CSAT around 80%, CES mostly easy.
const npsWeights = [2, 1, 1, 2, 2, 4, 6, 10, 16, 24, 32];
const lines = ['respondent_id,answered_at,nps,csat,ces'];
for (let i = 1; i <= 400; i++) {
  const nps = pick(npsWeights);
  const mood = nps / 10;
  const csat = Math.min(5, Math.max(1, Math.round(1 + 4 * mood + (random() - 0.5) * 1.6)));
  const ces = Math.min(7, Math.max(1, Math.round(1 + 6 * mood + (random() - 0.5) * 2.4)));
  const day = 1 + Math.floor(random() * 31);
  lines.push(`R${String(i).padStart(4, '0')},2024-12-${String(day).padStart(2, '0')},${nps},${csat},${ces}`);
}
console.log(lines.join('\n'));
