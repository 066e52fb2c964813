# ruche serve : le terminal, les pages propres à l’aperçu.

serve-started = Aperçu sur { $url } (Ctrl-C pour arrêter)
serve-browser-failed = Le navigateur n’a pas pu être ouvert ({ $error }) : ouvrez { $url } vous-même.
serve-stopping = Arrêt de l’aperçu.
serve-port-taken = Le port { $port } est occupé : aperçu sur { $url }
serve-thread-failed = Le fil de reconstruction n’a pas pu démarrer : { $error }
serve-ctrl-c-failed = Ctrl-C ne peut pas être intercepté : { $error }
serve-server-failed = Le serveur d’aperçu n’a pas pu démarrer : { $error }
serve-port-unusable = Le port { $port } est inutilisable : { $error }
serve-address-unknown = Adresse d’écoute inconnue : { $error }
serve-cannot-listen = Impossible d’écouter sur { $ip } port { $port } : { $error }
serve-ports-taken = Les ports { $first } à { $last } sont tous occupés.
serve-ports-taken-hint = Arrêtez l’autre aperçu ou choisissez un port avec --port.
serve-built = Site construit en { $ms } ms.
serve-rebuilt-nothing = { $what } : reconstruit en { $ms } ms, rien de changé.
serve-rebuilt-styles = { $what } : styles mis à jour en { $ms } ms.
serve-rebuilt-reload = { $what } : reconstruit en { $ms } ms, la page se recharge.
serve-the-site = Site
serve-and-others = { $others ->
    [one] { $name } et 1 autre fichier
   *[other] { $name } et { $others } autres fichiers
}
serve-edit-has-error = La dernière modification contient une erreur ; l’aperçu garde la dernière version correcte.
serve-first-build-failed = Le site n’a pas pu être construit :
serve-fix-and-save = Corrigez l’erreur indiquée et enregistrez : la page se mettra à jour.
serve-internal-error = La construction s’est arrêtée sur une erreur interne de ruche. { $detail }
serve-internal-error-hint = C’est un bogue de ruche : merci de le signaler. Enregistrez à nouveau pour réessayer.
serve-search-not-updated = La recherche de l’aperçu ne sera pas mise à jour : { $error }
serve-search-failed = La recherche de l’aperçu n’a pas pu être mise à jour (erreur interne de ruche) ; elle le sera après le prochain enregistrement.
serve-cannot-watch = Les fichiers du site ne peuvent pas être surveillés : { $error }
serve-cannot-watch-hint = Sous Linux, la limite du nombre de fichiers surveillés se relève avec `sysctl fs.inotify.max_user_watches=524288`.
serve-watch-error = Surveillance des fichiers : { $error }
serve-server-stopped = Le serveur d’aperçu s’est arrêté sur une erreur : { $error }
serve-read-only = L’aperçu ne fait que lire.
serve-outside = Adresse refusée : elle sort du site.
serve-forbidden = L’aperçu ne répond qu’à son adresse (une adresse IP ou localhost), depuis ses propres pages.
serve-going-away = arrêt de l’aperçu
serve-404-title = Page introuvable
serve-404-text = Aucune page à l’adresse `{ $path }`.
serve-not-built-title = Le site n’a pas encore pu être construit
serve-home = Accueil du site

# Le message d’erreur affiché par-dessus la page prévisualisée.
overlay-site = Site
overlay-line = , ligne { $line }
overlay-column = , colonne { $column }
overlay-warning = Avertissement — {""}
overlay-source-line = Ligne { $line } du fichier
overlay-hint = Conseil : { $hint }
overlay-title-kept = La dernière modification contient une erreur
overlay-title-failed = Le site contient une erreur
overlay-intro-kept = L’aperçu montre la dernière version correcte.
overlay-intro-failed = Le site n’a pas encore pu être construit.
overlay-fix = Corrigez et enregistrez : ce message disparaîtra tout seul.
overlay-close = Masquer
overlay-warnings-title = { $count ->
    [one] 1 point à revoir dans le fichier enregistré
   *[other] { $count } points à revoir dans le fichier enregistré
}
