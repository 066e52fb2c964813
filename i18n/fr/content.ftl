# Les pages et leur en-tête, le dossier content/, les fichiers sur le disque.

matter-never-closed = l’en-tête ouvert à la ligne 1 n’est jamais fermé
matter-never-closed-hint = ajoutez une ligne contenant seulement `{ $fence }` après la dernière ligne de l’en-tête, avant le texte
matter-form-hint = l’en-tête contient des lignes `clé: valeur`, comme `title: Mon article`
matter-form-hint-section = l’en-tête contient des lignes `clé: valeur`, comme `title: Actualités`
matter-not-a-map = l’en-tête n’est pas une suite de lignes `clé: valeur`
matter-not-a-map-hint = écrivez une ligne `clé: valeur` par réglage, comme `title: Mon article`
matter-no-title = cette page n’a pas de titre
matter-no-title-hint = ajoutez une ligne `{ $line }` dans l’en-tête, entre les lignes `{ $fence }`
matter-unknown-key = `{ $key }` n’est pas une clé d’en-tête connue ; elle est gardée dans `page.extra`
matter-known-keys = les clés connues sont : { $keys }
matter-date-hint = écrivez une date sous la forme AAAA-MM-JJ (2025-07-01), ou avec une heure : 2025-07-01T09:30:00+02:00
matter-event-ends-before = l’événement se termine avant de commencer
matter-event-date-hint = écrivez les dates d’un événement sous la forme AAAA-MM-JJ pour des journées entières, ou 2025-07-01T09:30:00+02:00 avec une heure ; `end` vient après `start`
matter-not-terms = `{ $key }` doit être une liste de mots
matter-not-terms-hint = écrivez `{ $key }: [Coopsday, Formation]`
matter-toml-hint = un en-tête TOML contient des lignes `clé = valeur` avec les textes entre guillemets, comme `title = "Mon article"`, entre deux lignes `+++`
matter-toml-unreadable = cet en-tête TOML ne peut pas être lu : { $reason }

content-symlink-skipped = ceci est un lien symbolique, que ruche ne suit pas (il pourrait mener hors du site, ou tourner en rond) : il a été ignoré
content-symlink-skipped-hint = copiez le fichier ou le dossier dans `content/` au lieu de faire un lien
content-markdown-in-bundle = ce fichier Markdown se trouve dans le dossier de la page `content/{ $owner }` : ce n’est pas une page à part entière, et il n’est pas publié
content-markdown-in-bundle-hint = pour en faire une page, sortez-le de `content/{ $folder }/` ; si c’est une note pour vous, vous pouvez le laisser là
content-two-section-files = ce dossier a déjà un fichier de rubrique, `content/{ $first }`
content-two-section-files-hint = gardez un seul fichier `_index` par dossier : fusionnez-les, puis supprimez celui-ci
content-deleted-while-building = ce fichier a été supprimé pendant la construction du site ; il a été ignoré
content-unreadable = ce fichier ne peut pas être lu : { $reason }
content-unreadable-hint = vérifiez que le fichier n’est pas ouvert dans un autre programme et que vous avez le droit de le lire
content-utf16 = ce fichier est enregistré en UTF-16 (« Unicode »), pas en texte UTF-8
content-not-utf8 = ce fichier n’est pas du texte UTF-8
content-not-utf8-hint = enregistrez-le à nouveau en « UTF-8 » dans votre éditeur de texte (Fichier → Enregistrer sous → Codage : UTF-8)
content-same-url = `{ $file }` et `{ $first }` veulent tous deux l’adresse /{ $path }
content-same-url-hint = renommez l’un des fichiers, ou donnez à l’un un autre `slug:` dans son en-tête
content-alias-is-own-address = l’ancienne adresse `{ $alias }` est l’adresse même de cette page : sa redirection remplacerait la page
content-alias-is-own-address-hint = retirez-la de `aliases:`, qui liste les anciennes adresses devant mener à cette page
content-no-folder = il n’y a pas de dossier `content/`
content-no-folder-hint = créez un dossier `content/` à côté de site.yaml et mettez-y vos articles (fichiers .md)

io-not-found = `{ $path }` est introuvable
io-permission-denied = `{ $path }` n’est pas accessible (permission refusée)
io-failed = `{ $path }` n’a pas pu être lu ou écrit : { $reason }
io-could-not-read = impossible de lire `{ $path }` : { $reason }
io-reason-not-found = il n’existe pas
io-reason-permission = permission refusée
io-reason-disk-full = le disque est plein
io-reason-read-only = le disque est en lecture seule

date-forms = écrivez-la année-mois-jour, comme `2025-07-01`, ou avec une heure, comme `2025-07-01 09:30` ou `2025-07-01T09:30:00+02:00`
date-no-such-month = il n’y a pas de mois { $month }
date-month-days = { $month } compte { $days } jours
date-does-not-exist = la date `{ $date }` n’existe pas : { $why } ; { $forms }
date-no-such-time = l’heure de `{ $date }` n’existe pas : les heures vont de 00 à 23 et les minutes de 00 à 59 ; { $forms }
date-empty = la date est vide : { $forms }
date-day-first = `{ $date }` n’est pas une date que ruche sait lire : écrivez-la année-mois-jour, `{ $iso }`
date-unreadable = `{ $date }` n’est pas une date que ruche sait lire : { $forms }
