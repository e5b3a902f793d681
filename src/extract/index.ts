export { type ArticleInput, extractArticle } from './extract-article.ts';
