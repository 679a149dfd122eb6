export { kendallTau } from './kendall';
export { spearmanRho, pearson } from './spearman';
export { precisionAtFraction, ndcgAtK, topCount } from './top-k';
export { averageRanks, argsortAscending, argsortDescending } from './ranks';
export { rankingReport, type RankingReport } from './report';
