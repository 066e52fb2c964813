# Les liens, ancres et images qu’une page désigne ; la syntaxe d’autres outils ; les pages
# programmées.

links-waiting = { $count ->
    [one] 1 lien d’autres pages mène ici : il fonctionnera une fois l’erreur de ce fichier corrigée
   *[other] { $count } liens d’autres pages mènent ici : ils fonctionneront une fois l’erreur de ce fichier corrigée
}
link-missing = le lien vers `{ $dest }` mène à `content/{ $target }`, qui n’existe pas
link-missing-hint = vérifiez le nom du fichier (un lien interne s’écrit `@/actualites/mon-article.md`), ou retirez le lien
link-no-anchor = le lien mène à `#{ $anchor }` dans `content/{ $target }`, qui n’a pas de titre portant cet identifiant
link-no-anchor-hint = les ancres sont les identifiants des intertitres : un intertitre `## Jour 1` a l’identifiant `jour-1`
link-external-broken = le lien vers `{ $url }` ne fonctionne pas : `{ $detail }`
link-external-broken-hint = ouvrez l’adresse dans un navigateur : si la page a déménagé, faites le lien vers sa nouvelle adresse ; si elle a disparu, retirez le lien
link-external-unreachable = le site n’a pas pu être joint ({ $error })

image-cover-missing = l’image de couverture `{ $image }` est introuvable à côté de ce fichier
image-missing = l’image `{ $image }` est introuvable à côté de ce fichier
image-missing-hint = placez l’image dans le dossier de l’article (un « page bundle ») et vérifiez l’orthographe de son nom

foreign-hugo-shortcode = un shortcode Hugo
foreign-liquid-tag = une balise Liquid (Jekyll)
foreign-expression = une expression de gabarit
foreign-wordpress-shortcode = un shortcode WordPress
foreign-wordpress-block = un commentaire de bloc WordPress
foreign-many = {" "}({ $count } dans ce fichier ; voici le premier)
foreign-found = `{ $first }` est { $what }, que ruche n’exécute pas : il est affiché tel quel{ $many }
foreign-wordpress-block-hint = ces commentaires sont invisibles sur la page ; vous pouvez les supprimer
foreign-hint = écrivez-le plutôt en Markdown (une image : `![description](photo.jpg)`, une vidéo : un lien vers elle, du code : entre deux lignes ```), ou supprimez-le ; `ruche import` convertit les plus courants

page-scheduled = cette page est datée du { $day }, après aujourd’hui : elle est programmée, et `ruche build` la laisse de côté jusqu’à ce jour
page-scheduled-hint = pour la publier maintenant, donnez-lui la date du jour ; pour la garder non publiée, ajoutez `draft: true` ; pour la construire quand même, utilisez `ruche build --future`
