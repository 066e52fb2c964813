# site.yaml.

config-no-site-yaml = aucun fichier site.yaml dans `{ $dir }`
config-no-site-yaml-hint = lancez ruche dans le dossier de votre site, indiquez-le avec --root DOSSIER, ou créez un site avec `ruche init DOSSIER`
config-form-hint = site.yaml contient des lignes `clé: valeur`, comme `title: Mon journal`
config-unknown-key = `{ $key }` n’est pas un réglage de site.yaml
config-known-keys = les réglages sont : { $keys }
config-base-url-not-absolute = `{ $url }` n’est pas une adresse complète
config-base-url-hint = écrivez l’adresse où le site sera publié, comme `https://www.ma-coop.fr` ou `https://ma-coop.fr/journal`
config-base-url-option = `{ $url }` n’est pas une adresse complète : écrivez-la comme https://ma-coop.fr/journal
config-unknown-typography = `{ $value }` n’est pas un réglage de typographie
config-typography-hint = écrivez `typography: fr` pour les espaces à la française, ou `typography: none`
config-paginate-by-zero = `paginate_by` doit valoir au moins 1
config-unknown-timezone = `{ $zone }` n’est pas un fuseau horaire que ruche connaît
config-timezone-hint = écrivez un nom de fuseau comme `Europe/Paris`, `Europe/Brussels`, `America/Montreal` ou `UTC`
config-bad-taxonomy = `{ $name }` ne peut pas nommer une taxonomie : ce nom devient un dossier du site
config-bad-taxonomy-hint = utilisez des lettres sans accents, des chiffres, `-` ou `_`, comme `thematiques`
config-bad-theme = `{ $theme }` n’est pas un nom de dossier de thème
config-bad-theme-hint = écrivez le nom d’un dossier de `themes/`, comme `default`
config-bad-language = `{ $language }` n’est pas un code de langue
config-bad-language-hint = écrivez un code comme `fr`, `fr-BE`, `br` ou `en`
