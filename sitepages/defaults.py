"""The site pages' first texts, in each language: what the migration writes for staff to
complete, and what a page shows while it has no text of its own."""

# The accessibility statement follows the RGAA's model: state of conformity, what is
# not accessible and the alternative offered, how it was assessed, whom to write to.
PAGES = {
    ("legal-notice", "fr"): (
        "Mentions légales",
        """<h2>Éditeur</h2>
<p>Ce site est édité par la ville. Adresse, téléphone et directeur ou directrice de la publication : à compléter par la ville dans l'administration (Pages du site).</p>
<h2>Hébergement</h2>
<p>Nom et adresse de l'hébergeur : à compléter par la ville.</p>
<h2>Données</h2>
<p>Les contributions publiées sont des données ouvertes, sous Licence Ouverte (Etalab) ; elles sont téléchargeables depuis chaque campagne et servies en OGC API – Features.</p>
<h2>Fonds de carte</h2>
<p>Le fond de carte provient d'OpenStreetMap, dont les données sont sous licence ODbL ; les contributeurs d'OpenStreetMap en sont les auteurs.</p>""",
    ),
    ("legal-notice", "en"): (
        "Legal notice",
        """<h2>Publisher</h2>
<p>This site is published by the city. Address, telephone and director of publication: for the city to complete in the administration (Site pages).</p>
<h2>Hosting</h2>
<p>Name and address of the host: for the city to complete.</p>
<h2>Data</h2>
<p>Published contributions are open data under the Licence Ouverte (Etalab); they can be downloaded from each campaign and are served as OGC API – Features.</p>
<h2>Base map</h2>
<p>The base map comes from OpenStreetMap, whose data is licensed under the ODbL; OpenStreetMap's contributors are its authors.</p>""",
    ),
    ("accessibility", "fr"): (
        "Déclaration d'accessibilité",
        """<p>La ville s'engage à rendre ses sites accessibles, conformément à l'article 47 de la loi n° 2005-102 du 11 février 2005. Cette déclaration s'applique au site de participation citoyenne.</p>
<h2>État de conformité</h2>
<p>Ce site est <strong>partiellement conforme</strong> au référentiel général d'amélioration de l'accessibilité (RGAA), version 4.1, en raison des non-conformités énumérées ci-dessous. Aucun audit complet du RGAA n'a encore été réalisé.</p>
<h2>Ce qui a été vérifié</h2>
<ul>
<li>Chaque page publique, de résident et d'équipe est vérifiée automatiquement avec axe-core dans Chromium à chaque modification du site : aucune erreur n'y est relevée (noms et rôles des éléments, contrastes, titres, étiquettes des formulaires).</li>
<li>Les pages se lisent à 360 pixels de large et s'utilisent entièrement au clavier ; le focus est toujours visible.</li>
<li>Le site est disponible en français et en anglais.</li>
</ul>
<h2>Contenus non accessibles</h2>
<ul>
<li>Les cartes ne sont pas entièrement accessibles aux lecteurs d'écran. Alternative : chaque carte est accompagnée de la liste des contributions qu'elle montre, sous forme de texte, avec les mêmes filtres.</li>
<li>Dessiner une ligne ou une surface demande une souris ou un écran tactile. Alternative : au clavier, une contribution peut être placée au centre de la carte, ou rattachée à un élément du plan.</li>
<li>La frise chronologique (TimelineJS) a des contrastes insuffisants. Alternative : les jalons sont listés en texte sous la frise.</li>
<li>Les fichiers téléchargeables (GeoJSON, GeoPackage, Shapefile, CSV, KML) sont des données, pas des documents : ils sont destinés à des logiciels de cartographie.</li>
</ul>
<h2>Établissement de cette déclaration</h2>
<p>Technologies utilisées : HTML, CSS, JavaScript. Outils de vérification : axe-core et Chromium ; vérifications manuelles au clavier et sur téléphone. Date de la déclaration : à compléter par la ville.</p>
<h2>Retour d'information et contact</h2>
<p>Si vous n'arrivez pas à accéder à un contenu ou à un service, écrivez-nous (voir la page Contact) : nous vous répondrons et vous proposerons une autre façon d'y accéder.</p>
<h2>Voies de recours</h2>
<p>Si vous nous avez signalé un défaut d'accessibilité sans obtenir de réponse satisfaisante, vous pouvez écrire au Défenseur des droits, le contacter par son formulaire en ligne ou par l'un de ses délégués, ou lui écrire gratuitement, sans timbre : Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07.</p>""",
    ),
    ("accessibility", "en"): (
        "Accessibility statement",
        """<p>The city is committed to making its websites accessible, in accordance with article 47 of French law no. 2005-102 of 11 February 2005. This statement applies to the civic participation site.</p>
<h2>State of conformity</h2>
<p>This site is <strong>partially conformant</strong> with the French accessibility framework (RGAA) version 4.1, because of the non-conformities listed below. No full RGAA audit has been carried out yet.</p>
<h2>What has been checked</h2>
<ul>
<li>Every page visitors, residents and staff open is checked automatically with axe-core in Chromium on every change to the site: it finds no error (names and roles of elements, contrast, headings, form labels).</li>
<li>Pages read at 360 pixels wide and work entirely with a keyboard; focus is always visible.</li>
<li>The site is available in French and in English.</li>
</ul>
<h2>Content that is not accessible</h2>
<ul>
<li>Maps are not fully accessible to screen readers. Alternative: each map comes with the list of the contributions it shows, as text, with the same filters.</li>
<li>Drawing a line or an area needs a mouse or a touch screen. Alternative: with a keyboard, a contribution can be placed at the map's centre, or attached to a feature of the plan.</li>
<li>The timeline (TimelineJS) has insufficient contrast. Alternative: the milestones are listed as text under it.</li>
<li>The downloadable files (GeoJSON, GeoPackage, Shapefile, CSV, KML) are data, not documents: they are meant for mapping software.</li>
</ul>
<h2>How this statement was made</h2>
<p>Technologies: HTML, CSS, JavaScript. Tools: axe-core and Chromium; manual checks with a keyboard and on a phone. Date of the statement: for the city to complete.</p>
<h2>Feedback and contact</h2>
<p>If you cannot reach a content or a service, write to us (see the Contact page): we will answer and offer another way to reach it.</p>
<h2>Remedies</h2>
<p>If you reported an accessibility problem and did not receive a satisfactory answer, you may write to the Défenseur des droits (the French rights ombudsman), free of charge: Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07.</p>""",
    ),
    ("contact", "fr"): (
        "Contact",
        """<p>Une question sur une campagne, un problème avec le site ou avec votre compte ?</p>
<p>Écrivez au service qui mène la campagne (il est indiqué sur sa page) ou à la mairie : adresse postale, courriel et téléphone à compléter par la ville dans l'administration (Pages du site).</p>
<p>Pour signaler un propos déplacé, utilisez le bouton « Signaler » sous la contribution ou le commentaire : l'équipe de modération le verra.</p>""",
    ),
    ("contact", "en"): (
        "Contact",
        """<p>A question about a campaign, a problem with the site or your account?</p>
<p>Write to the department running the campaign (its page names it) or to the town hall: postal address, e-mail and telephone for the city to complete in the administration (Site pages).</p>
<p>To report an offensive message, use the "Report" button under the contribution or comment: the moderation team will see it.</p>""",
    ),
}
