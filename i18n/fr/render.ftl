# Les gabarits (templates) et les pages qu’ils écrivent.

template-not-utf8 = ce gabarit n’est pas du texte UTF-8
template-no-theme = le thème `{ $theme }` est introuvable dans `themes/`
template-no-theme-hint = vérifiez le réglage `theme:` de site.yaml, ou retirez-le pour utiliser le thème par défaut
template-while-rendering = {" "}(en écrivant { $what })
template-syntax-hint = corrigez le gabarit à cet endroit ; la syntaxe de tera est décrite sur https://keats.github.io/tera/
template-missing = le gabarit `{ $name }` n’existe pas
template-missing-setting-hint = vérifiez le réglage `template:`, ou ajoutez le fichier au dossier `templates/` de votre site
template-missing-hint = vérifiez l’orthographe, ou ajoutez le fichier au dossier `templates/` de votre site
template-error = erreur de gabarit : { $error }{ $context }
template-error-hint = vérifiez les gabarits de votre thème et du dossier `templates/` de votre site
template-unknown-template-hint = vérifiez le nom : les gabarits sont cherchés dans le dossier `templates/` de votre site, puis dans celui du thème
template-unknown-component-hint = vérifiez le nom : les composants sont les `{"{"}% component nom(...) %{"}"}` des gabarits de votre thème et de votre site
template-unknown-block-hint = vérifiez le nom : un bloc remplace le bloc du même nom dans le gabarit que celui-ci étend
template-unknown-name-hint = vérifiez l’orthographe : les gabarits peuvent utiliser les filtres, tests et fonctions de tera (https://keats.github.io/tera/), le filtre `date` de ruche, et ses fonctions `get_page`, `get_section`, `get_url`, `get_taxonomy_url`, `resize_image` et `include_cached`
template-get-url-unknown = get_url : `{ $path }` n’est ni une page ni une rubrique de content/
template-get-page-unknown = get_page : aucune page `content/{ $path }`
template-get-section-unknown = get_section : aucune rubrique `content/{ $path }`
template-resize-bad-op = resize_image : `{ $op }` n’est pas une opération : utilisez `fit`, `fill` ou `scale`
template-resize-no-size = resize_image : donnez une largeur `width`, une hauteur `height` ou les deux
template-resize-unavailable = resize_image : les images ne sont pas disponibles ici
template-include-not-loaded = include_cached : les gabarits ne sont pas encore chargés
template-include-name-variables = include_cached : nommez chaque variable
template-include-failed = include_cached : `{ $template }` a échoué : { $error }
template-date-bad-format = date : format `{ $format }` inconnu ; utilisez long, short, month ou iso

render-taxonomy-list = la liste `{ $name }`
render-term-page = la page du terme `{ $name }`
render-404 = la page 404
render-taxonomy = la taxonomie `{ $name }`
render-same-output = `{ $owner }` et `{ $first }` produisent tous deux `{ $path }`
render-same-output-hint = renommez l’un des deux, ou changez son `slug:` ou ses `aliases:`
render-translations-hint = translations.yaml associe un code de langue à des lignes `clé: texte`
