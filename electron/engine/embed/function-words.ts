// GloVe's frequency ranks come from English text, so French function words look rare to it ("les" ranks
// 6192) and would dominate a French sentence's SIF average. Within French text they are as common as
// "the" is in English: they get the weight of a top-20 English word. Words that are also ordinary English
// words with another meaning (car, son, plus, ai, eu...) are left out.
export const FRENCH_FUNCTION_WORDS = new Set(
  (
    'a as au aux avec avait avez avons c ce ceci cela celle celles celui ces cet cette ceux chez comme dans de des ' +
    'donc dont du elle elles en entre est et étaient était été être eux ici il ils je jusqu la le les leur leurs ' +
    'lui mais me même mes moi mon ne ni nos notre nous on ont ou où par pas pour qu que quel quelle quelles quels ' +
    'qui sa sans se ses si sont sous sur ta te tes toi tous tout toute toutes très tu un une vos votre vous y ' +
    'peut moins aussi alors ainsi cependant'
  ).split(' '),
);
