# Ce que dit `ruche publish` : son compte rendu, la liste d’une simulation, et chaque raison
# pour laquelle une publication ne peut pas commencer ou s’arrête (le `publish:` de site.yaml,
# la cible, le serveur, SSH et FTP). Les valeurs entre accents graves sont les particularités
# d’un message.

## Le `publish:` de site.yaml et l’adresse de la cible

publish-password-in-site = `publish.to` contient un mot de passe : site.yaml est partagé avec le dépôt, donc toute personne qui peut lire le dépôt pourrait le lire
publish-password-in-site-hint = retirez `:motdepasse` de l’adresse ; pour FTP, définissez RUCHE_PUBLISH_PASSWORD ou écrivez-le dans ~/.netrc, pour SFTP, utilisez votre clé SSH (ssh-agent ou ~/.ssh/)
publish-nowhere = aucune destination de publication n’est indiquée
publish-nowhere-hint = ajoutez `publish: {"{"}to: sftp://utilisateur@hote/chemin{"}"}` à site.yaml (ou ftp://, ftps://, file:///dossier), ou indiquez `--to ADRESSE`
publish-bad-target = `{ $to }` n’est pas une destination de publication : { $reason }
publish-bad-target-hint = écrivez `sftp://utilisateur@hote/chemin`, `ftp://utilisateur@hote/chemin`, `ftps://utilisateur@hote/chemin` ou `file:///dossier`
publish-target-invalid = ce n’est pas une adresse valide ({ $reason })
publish-target-no-scheme = elle ne commence pas par `sftp://`, `ftp://`, `ftps://` ou `file://`
publish-target-port = son port n’est pas un nombre entre 1 et 65535
publish-target-password = elle contient un mot de passe ; ruche n’en lit jamais à cet endroit
publish-target-relative-folder = une cible file:// demande un dossier absolu, comme file:///srv/www
publish-target-scheme = ruche ne sait pas publier par `{ $scheme }`
publish-target-no-host = elle ne nomme aucun serveur

## Une publication qui s’arrête

publish-failed = publication vers { $host } : { $reason }
publish-failed-on-file = publication vers { $host } : `{ $file }` : { $reason }
publish-failed-transient-hint = ruche a essayé 5 fois en 7,5 s ; vérifiez l’adresse, le port, votre réseau et que le serveur est en marche, puis relancez `ruche publish` : elle termine ce qui restait à faire
publish-failed-hint = chaque fichier du serveur est encore soit dans son ancienne version, soit dans la nouvelle ; corrigez la cause ci-dessus, puis relancez `ruche publish` : elle termine ce qui restait à faire
publish-manifest-failed = le manifeste de publication n’a pas pu être créé : { $reason }
publish-built-file-unreadable = le fichier construit `{ $file }` ne peut pas être lu : { $reason }
publish-permission-denied = permission refusée
publish-disk-full = le disque est plein
publish-no-such-file = ce fichier ou ce dossier n’existe pas
publish-no-user = aucun nom d’utilisateur : écrivez-le dans l’adresse, comme { $scheme }://utilisateur@hote/chemin
publish-could-not-start = impossible de démarrer : { $reason }
publish-connection-lost = la connexion a été perdue
publish-connection-failed = la connexion a échoué : { $reason }
publish-unreachable = le serveur est injoignable : { $reason }
publish-no-answer = le serveur n’a pas répondu en { $seconds } s

## FTP et FTPS

publish-ftp-no-password = aucun mot de passe pour `{ $user }` : définissez RUCHE_PUBLISH_PASSWORD (en CI, depuis le coffre à secrets), ou ajoutez `machine { $host } login { $user } password …` à ~/.netrc
publish-ftp-login-refused = le serveur a refusé la connexion de `{ $user }` : vérifiez le mot de passe dans RUCHE_PUBLISH_PASSWORD ou ~/.netrc
publish-tls-failed = la connexion TLS a échoué (le certificat est-il valide pour ce nom de serveur ?) : { $reason }
publish-tls-setup = TLS ne peut pas être configuré : { $reason }
publish-ca-unreadable = RUCHE_PUBLISH_CA : `{ $file }` ne peut pas être lu comme des certificats PEM : { $reason }
publish-server-full = le serveur n’a plus de place pour ce fichier : { $answer }
publish-server-refused = le serveur l’a refusé (permission refusée, ou un dossier qui gêne ?) : { $answer }
publish-server-closed = le serveur a fermé la connexion : { $answer }
publish-server-answered = le serveur a répondu : { $answer }
publish-server-aborted = le serveur a cessé de le recevoir (disque plein, ou quota atteint ?) : { $answer }
publish-answer-cut-short = la réponse du serveur a été coupée

## SFTP et SSH

publish-ssh-failed = la connexion SSH a échoué : { $reason }
publish-sftp-write-refused = le serveur a refusé de l’écrire (disque plein, quota atteint, ou un dossier qui gêne ?) : { $answer }
publish-no-home = HOME n’est pas défini : ~/.ssh/known_hosts ne peut donc pas être lu pour vérifier le serveur
publish-host-key-check = vérifiez la clé auprès de votre hébergeur (son espace client ou son assistance donnent son empreinte), puis acceptez-la en vous connectant une fois avec `{ $ssh }` et en répondant yes, ou avec `ssh-keyscan -p { $port } { $host } >> { $known_hosts }` après avoir comparé `ssh-keyscan -p { $port } { $host } | ssh-keygen -lf -` avec l’empreinte donnée par l’hébergeur
publish-host-key-unknown = ce serveur n’est pas encore dans { $known_hosts } (l’empreinte de sa clé est { $fingerprint }), ruche ne peut donc pas être sûre que c’est le bon ; { $check }
publish-host-key-changed = la clé du serveur n’est PAS celle enregistrée pour { $host } à la ligne { $line } de { $known_hosts } : quelqu’un se fait peut-être passer pour lui, ou l’hébergeur a changé sa clé. Ne publiez rien tant que votre hébergeur n’a pas confirmé un changement ; ensuite, retirez l’ancienne ligne avec `ssh-keygen -R '{ $host }'` et { $check }
publish-known-hosts-unreadable = { $known_hosts } ne peut pas être lu : { $reason }
publish-ssh-login-refused = le serveur a refusé la connexion de `{ $user }` avec les clés de l’agent SSH et { $keys } ; ajoutez votre clé publique (~/.ssh/id_ed25519.pub) aux clés autorisées de l’hébergeur (son espace client, ou `ssh-copy-id`), ou chargez une clé protégée par une phrase de passe avec `ssh-add`
publish-ssh-no-key-file = aucun fichier de clé (aucun trouvé dans ~/.ssh/)
publish-ssh-key-encrypted = la clé { $file } est protégée par une phrase de passe : donnez-la dans la variable d’environnement { $variable } (en CI, depuis le coffre des secrets ; jamais dans site.yaml), ou chargez la clé dans l’agent SSH avec `ssh-add`
publish-ssh-key-wrong-passphrase = la phrase de passe de { $variable } n’ouvre pas la clé { $file } : vérifiez-la, ou chargez la clé dans l’agent SSH avec `ssh-add`
publish-ssh-key-unusable = { $file } (inutilisable : { $reason })

## Le compte rendu

publish-size-bytes = { $bytes } o
publish-size-kb = { $whole },{ $tenth } ko
publish-size-mb = { $whole },{ $tenth } Mo
publish-size-gb = { $whole },{ $tenth } Go
publish-seconds = { $whole },{ $tenth } s
publish-would-send = à envoyer   { $file } ({ $size })
publish-would-replace = à remplacer { $file } ({ $size })
publish-would-remove = à supprimer { $file }
publish-counts = { $new ->
    [one] { $new } nouveau
   *[other] { $new } nouveaux
} ({ $new_size }), { $replaced ->
    [one] { $replaced } remplacé
   *[other] { $replaced } remplacés
} ({ $replaced_size }), { $removed ->
    [one] { $removed } supprimé
   *[other] { $removed } supprimés
}, { $unchanged ->
    [one] { $unchanged } inchangé
   *[other] { $unchanged } inchangés
}
publish-dry-run = Simulation, rien n’a été modifié sur { $target } : la publication enverrait { $counts }.
publish-done = Publié sur { $target } en { $time } : { $counts }.
publish-done-reconnected = Publié sur { $target } en { $time } (la connexion a été perdue puis rouverte { $reconnects ->
    [one] une fois
   *[other] { $reconnects } fois
}) : { $counts }.

## `ruche init --ci`

publish-workflow-exists = ce workflow existe déjà ; il n’a pas été modifié
publish-workflow-exists-hint = supprimez-le ou renommez-le d’abord pour que ruche en écrive un nouveau
publish-ci-not-installed = ce ruche ({ $program }) n’a pas été installé avec `cargo install` : le service CI ne saurait pas où prendre le même
publish-ci-unreachable-source = ce ruche a été installé depuis { $source }, que le service CI ne peut pas atteindre (il n’y voit que les adresses publiques `https://`)
publish-ci-install-hint = installez ruche depuis son dépôt public, avec `cargo install --git https://ADRESSE-DU-DÉPÔT ruche`, puis relancez `ruche init --ci` : le workflow installera exactement la même version
