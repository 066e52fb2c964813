# Ce que dit `ruche import` : ses erreurs, les points à reprendre à la main, le rapport écrit
# dans IMPORT.md et sa dernière ligne. Les valeurs entre accents graves sont les particularités
# d’un message : `ruche check` regroupe les messages qui ne diffèrent que par elles.

## La source

import-source-missing = `{ $source }` n’existe pas
import-not-a-source = `{ $source }` n’est ni un export WordPress (.xml) ni un site Hugo, Jekyll ou Zola, et ne contient aucun fichier Markdown
import-source-hint = donnez un fichier d’export WordPress (.xml) ou le dossier racine d’un site ; `--from wordpress|hugo|jekyll|zola|folder` force le format
import-inside-source = le nouveau site serait écrit dans la source, que `ruche import` ne modifie jamais
import-inside-source-hint = choisissez un dossier hors de la source, par exemple `../mon-site`
import-nothing-found = rien d’importable dans `{ $source }` : ni article Markdown, ni élément d’export WordPress lisible
import-nothing-found-because = { $message } ({ $file } : { $note })
import-nothing-found-hint = donnez un fichier d’export WordPress (.xml) ou le dossier racine d’un site Hugo, Jekyll ou Zola ; `--from` force le format

## La lecture des en-têtes et de l’export

import-front-unclosed = l’en-tête ouvert en ligne 1 par `{ $fence }` n’est jamais fermé
import-front-unclosed-hint = ajoutez une ligne `{ $fence }` après la dernière clé de l’en-tête
import-front-not-keys = l’en-tête n’est pas une liste de lignes `clé: valeur`
import-front-toml = l’en-tête TOML est illisible : { $reason }
import-front-fix-hint = corrigez l’en-tête dans la source, puis relancez l’import
import-unreadable-item = { $reason } (élément « { $title } »)

## Ce qui est à reprendre à la main, une phrase par endroit

import-note-unreadable = non importé, illisible ({ $reason }) ; corrigez la source puis relancez l’import, ou recopiez-le à la main
import-note-bad-date = date illisible « { $date } », gardée sous `extra.date` ; écrivez-la `AAAA-MM-JJ` dans `date:`
import-note-template = balise sans équivalent laissée telle quelle `{ $code }` : remplacez-la par du Markdown ou supprimez-la
import-note-gallery = galerie laissée telle quelle `{ $code }` : ses images ne sont pas toutes dans l’export ou dans le dossier donné par `--uploads` ; copiez-les à côté de la page, listez-les sous `gallery:` dans son en-tête, puis supprimez la balise
import-note-missing-image = image introuvable `{ $code }`, changée en lien : ajoutez le fichier à côté de la page et remettez `![…](…)`
import-note-missing-upload = fichier absent du dossier uploads `{ $code }`, l’ancienne adresse est gardée : donnez `--uploads` avec ce fichier, ou copiez-le à côté de la page
import-note-unresolved-link = lien vers une page non importée `{ $code }`, laissé tel quel : pointez-le vers une page du site (`@/rubrique/page.md`) ou une adresse complète
import-note-link-to-draft = lien vers un brouillon `{ $code }`, laissé tel quel : remettez le lien (`@/rubrique/page.md`) quand le brouillon sera publié
import-note-address-taken = l’ancienne adresse `{ $code }` est déjà celle d’une autre page : elle n’est pas gardée ici
import-note-renamed = une autre page avait déjà l’adresse `{ $code }` : celle-ci a été renommée, vérifiez son adresse

## Le rapport (IMPORT.md)

import-report-title = Rapport d’import
import-report-from = Importé depuis { $from }.
import-report-pages = pages : { $count }
import-report-drafts = dont brouillons : { $count }
import-report-sections = rubriques : { $count }
import-report-files = fichiers copiés (images…) : { $count }
import-report-aliases = anciennes adresses gardées : { $count }
import-report-converted = balises converties : { $count }
import-report-nothing = Rien à reprendre à la main.
import-report-needs = À reprendre à la main ({ $count })
import-report-note = `{ $place }` : { $what }

## La dernière ligne de la commande

import-closing = { $pages ->
        [one] { $pages } page importée
       *[other] { $pages } pages importées
    } dans { $dir } ; { $notes ->
        [one] { $notes } point à reprendre
       *[other] { $notes } points à reprendre
    } (voir { $dir }/IMPORT.md). Ensuite : `ruche serve --root { $dir }`.
