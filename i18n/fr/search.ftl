# Ce que dit ruche de la recherche du site : les pages que l’index ne peut pas contenir, et un
# index qui ne peut pas être créé. Les valeurs entre accents graves sont les particularités d’un
# message.

search-no-words = cette page n’a aucun mot à indexer : la recherche ne la trouvera pas
search-no-words-hint = donnez-lui un titre ou du texte, ou ajoutez `search: false` à son en-tête
search-too-long = cette page est trop longue pour être cherchée en entier : seuls ses { $kilobytes } premiers Ko de texte le sont
search-too-long-hint = découpez-la en plusieurs pages si les lecteurs doivent trouver ce qui vient après
search-page-failed = cette page n’a pas pu être indexée pour la recherche : { $reason }
search-page-failed-hint = la recherche ne la trouvera pas ; vérifiez son texte, ou ajoutez `search: false` à son en-tête
search-indexer-failed = impossible de démarrer l’indexation pour la recherche : { $reason }
search-index-failed = l’index de recherche n’a pas pu être créé : { $reason }
search-indexer-crashed = l’index de recherche n’a pas pu être créé (l’indexation s’est arrêtée sur une erreur interne)
