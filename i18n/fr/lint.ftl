# La relecture éditoriale de `ruche check` et de l’aperçu : des avertissements, jamais des
# erreurs sauf avec `strict`.

lint-second-h1 = un deuxième titre de niveau 1 (`# …`) dans ce texte
lint-second-h1-hint = une page a un seul titre principal, son titre : écrivez les autres parties avec `##`
lint-heading-skipped = cet intertitre de niveau { $level } suit un intertitre de niveau { $previous } : le niveau { $skipped } est sauté
lint-heading-skipped-hint = les lecteurs d’écran présentent les intertitres comme un plan : descendez d’un niveau à la fois (`##` sous le titre, puis `###`)
lint-link-text = le texte de ce lien, `{ $text }`, ne dit pas où il mène
lint-link-text-hint = écrivez ce que le lecteur y trouvera, comme « le programme de la formation » : les lecteurs d’écran énumèrent les liens par leur seul texte
lint-no-description = cet article n’a ni `description` ni `<!-- more -->` : les listes et les flux montrent son premier paragraphe
lint-no-description-hint = ajoutez `description: …` (une ou deux phrases) dans l’en-tête, ou placez `<!-- more -->` après l’introduction
lint-long-title = ce titre compte { $length } caractères ; au-delà de { $longest }, il est coupé dans les résultats de recherche et les listes
lint-long-title-hint = gardez un titre court et mettez le détail dans `description`
