-- Reference data: the mutual societies of the CNOPS federation (shared/data/societies.tsv).
-- +goose Up
INSERT INTO societies (code, name, founded) VALUES ('MFP', 'Mutuelle de la Police', 1919);
INSERT INTO societies (code, name, founded) VALUES ('MDII', 'Mutuelle des Douanes et Impôts Indirects', 1928);
INSERT INTO societies (code, name, founded) VALUES ('OMFAM', 'Œuvres de Mutualité des Fonctionnaires et Agents Assimilés du Maroc', 1929);
INSERT INTO societies (code, name, founded) VALUES ('MGPTT', 'Mutuelle des Postes et Télécommunications', 1946);
INSERT INTO societies (code, name, founded) VALUES ('MGPAP', 'Mutuelle Générale du Personnel des Administrations Publiques du Maroc', 1946);
INSERT INTO societies (code, name, founded) VALUES ('MGEN', 'Mutuelle Générale de l''Éducation Nationale', 1963);
INSERT INTO societies (code, name, founded) VALUES ('MFA', 'Mutuelle des Forces Auxiliaires', 1976);
INSERT INTO societies (code, name, founded) VALUES ('MODEP', 'Mutuelle du Personnel de l''Office d''Exploitation des Ports', 1995);

-- +goose Down
DELETE FROM societies;
