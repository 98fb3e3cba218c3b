#include "entities/aliases.h"

#include <array>

namespace dossier::entities {
namespace {

constexpr EntityKind kPlace = EntityKind::kPlace;
constexpr EntityKind kOrg = EntityKind::kOrganization;

// Chosen for international news. An alias goes in only when, within its kind,
// it names one thing in practically all news text: "America" is listed as a
// place (the country) but not as an organisation; "PA", "IS" and "EC" are left
// out because they are ordinary abbreviations for too many things. "The" is
// kept only where it belongs to the name (The Hague); otherwise the resolver
// drops it before lookup. The first name of an entry is what every article
// naming the entity shows, so it is the one English-language news writes:
// "Peru" and "Mexico" (an article's "Perú" folds to the same key), but
// "Bogotá" and "São Paulo", which it writes with their accents.
constexpr std::array kBuiltinAliases = {
    // Countries and places.
    BuiltinAlias{kPlace, "United States",
                 "U.S.|US|U.S.A.|USA|United States of America|America|the States"},
    BuiltinAlias{kPlace, "United Kingdom",
                 "U.K.|UK|Britain|Great Britain|United Kingdom of Great Britain and "
                 "Northern Ireland"},
    BuiltinAlias{kPlace, "European Union", "EU|E.U."},
    BuiltinAlias{kPlace, "Soviet Union", "USSR|U.S.S.R.|Union of Soviet Socialist Republics"},
    BuiltinAlias{kPlace, "United Arab Emirates", "UAE|U.A.E.|Emirates"},
    BuiltinAlias{kPlace, "Russia", "Russian Federation"},
    BuiltinAlias{kPlace, "China", "People's Republic of China|PRC|P.R.C."},
    BuiltinAlias{kPlace, "North Korea", "DPRK|Democratic People's Republic of Korea"},
    BuiltinAlias{kPlace, "South Korea", "Republic of Korea|ROK"},
    BuiltinAlias{kPlace, "Democratic Republic of the Congo",
                 "DRC|DR Congo|D.R. Congo|Congo-Kinshasa"},
    BuiltinAlias{kPlace, "Republic of the Congo", "Congo-Brazzaville"},
    BuiltinAlias{kPlace, "Czech Republic", "Czechia"},
    BuiltinAlias{kPlace, "Côte d'Ivoire", "Ivory Coast"},
    BuiltinAlias{kPlace, "Myanmar", "Burma"},
    BuiltinAlias{kPlace, "Netherlands", "Holland"},
    BuiltinAlias{kPlace, "Vatican City", "Vatican|Holy See"},
    BuiltinAlias{kPlace, "Venezuela", "Bolivarian Republic of Venezuela"},
    BuiltinAlias{kPlace, "Bolivia", "Plurinational State of Bolivia"},
    BuiltinAlias{kPlace, "Iran", "Islamic Republic of Iran|Persia"},
    BuiltinAlias{kPlace, "Syria", "Syrian Arab Republic"},
    BuiltinAlias{kPlace, "Saudi Arabia", "Kingdom of Saudi Arabia|KSA"},
    BuiltinAlias{kPlace, "Bosnia and Herzegovina", "Bosnia|Bosnia-Herzegovina|BiH"},
    BuiltinAlias{kPlace, "North Macedonia", "Republic of North Macedonia"},
    BuiltinAlias{kPlace, "Eswatini", "Swaziland"},
    BuiltinAlias{kPlace, "Timor-Leste", "East Timor"},
    BuiltinAlias{kPlace, "Cabo Verde", "Cape Verde"},
    BuiltinAlias{kPlace, "Turkey", "Türkiye|Republic of Turkey"},
    BuiltinAlias{kPlace, "Mexico", "United Mexican States"},
    BuiltinAlias{kPlace, "Peru", "Republic of Peru"},
    BuiltinAlias{kPlace, "Gaza Strip", "Gaza"},
    BuiltinAlias{kPlace, "The Hague", "Hague|Den Haag"},
    BuiltinAlias{kPlace, "Washington, D.C.", "D.C.|Washington DC|District of Columbia"},
    BuiltinAlias{kPlace, "New York City", "NYC|N.Y.C."},
    BuiltinAlias{kPlace, "Los Angeles", "L.A."},
    BuiltinAlias{kPlace, "Bogotá", "Santa Fe de Bogotá"},
    BuiltinAlias{kPlace, "São Paulo", "Sampa"},

    // International organisations.
    BuiltinAlias{kOrg, "United Nations", "UN|U.N.|UNO|United Nations Organization"},
    BuiltinAlias{kOrg, "United Nations Security Council",
                 "UN Security Council|UNSC|Security Council"},
    BuiltinAlias{kOrg, "United Nations General Assembly", "UN General Assembly|UNGA"},
    BuiltinAlias{kOrg, "United Nations High Commissioner for Refugees",
                 "UNHCR|UN Refugee Agency|UN refugee agency"},
    BuiltinAlias{kOrg, "UNICEF", "United Nations Children's Fund|UN Children's Fund"},
    BuiltinAlias{kOrg, "UNESCO",
                 "United Nations Educational, Scientific and Cultural Organization"},
    BuiltinAlias{kOrg, "World Food Programme", "WFP|World Food Program"},
    BuiltinAlias{kOrg, "European Union", "EU|E.U."},
    BuiltinAlias{kOrg, "European Central Bank", "ECB"},
    BuiltinAlias{kOrg, "Organization of American States",
                 "OAS|Organisation of American States|OEA|Organización de los Estados "
                 "Americanos"},
    BuiltinAlias{kOrg, "NATO", "North Atlantic Treaty Organization|OTAN"},
    BuiltinAlias{kOrg, "International Monetary Fund", "IMF"},
    BuiltinAlias{kOrg, "World Bank", "International Bank for Reconstruction and Development"},
    BuiltinAlias{kOrg, "World Health Organization", "WHO|World Health Organisation"},
    BuiltinAlias{kOrg, "World Trade Organization", "WTO|World Trade Organisation"},
    BuiltinAlias{kOrg, "OPEC", "Organization of the Petroleum Exporting Countries"},
    BuiltinAlias{kOrg, "African Union", "AU"},
    BuiltinAlias{kOrg, "ASEAN", "Association of Southeast Asian Nations"},
    BuiltinAlias{kOrg, "OECD",
                 "Organisation for Economic Co-operation and Development|Organization for "
                 "Economic Cooperation and Development"},
    BuiltinAlias{kOrg, "OSCE", "Organization for Security and Co-operation in Europe"},
    BuiltinAlias{kOrg, "ECOWAS", "Economic Community of West African States"},
    BuiltinAlias{kOrg, "Gulf Cooperation Council", "GCC"},
    BuiltinAlias{kOrg, "Mercosur", "Mercosul|Southern Common Market"},
    BuiltinAlias{kOrg, "Lima Group", "Grupo de Lima"},
    BuiltinAlias{kOrg, "Inter-American Development Bank", "IDB|IADB"},
    BuiltinAlias{kOrg, "G7", "G-7|Group of Seven"},
    BuiltinAlias{kOrg, "G20", "G-20|Group of Twenty"},
    BuiltinAlias{kOrg, "International Criminal Court", "ICC"},
    BuiltinAlias{kOrg, "International Court of Justice", "ICJ|World Court"},
    BuiltinAlias{kOrg, "International Atomic Energy Agency", "IAEA"},
    BuiltinAlias{kOrg, "International Committee of the Red Cross", "ICRC"},
    BuiltinAlias{kOrg, "International Olympic Committee", "IOC"},
    BuiltinAlias{kOrg, "FIFA", "Fédération Internationale de Football Association"},
    BuiltinAlias{kOrg, "Médecins Sans Frontières", "MSF|Doctors Without Borders"},
    BuiltinAlias{kOrg, "Human Rights Watch", "HRW"},
    BuiltinAlias{kOrg, "Amnesty International", "Amnesty"},

    // Governments and agencies (mostly U.S.).
    BuiltinAlias{kOrg, "State Department",
                 "U.S. State Department|Department of State|U.S. Department of State"},
    BuiltinAlias{kOrg, "Pentagon", "Department of Defense|U.S. Department of Defense|DoD"},
    BuiltinAlias{kOrg, "Department of Homeland Security", "DHS|Homeland Security Department"},
    BuiltinAlias{kOrg, "Federal Bureau of Investigation", "FBI"},
    BuiltinAlias{kOrg, "Central Intelligence Agency", "CIA"},
    BuiltinAlias{kOrg, "National Security Agency", "NSA"},
    BuiltinAlias{kOrg, "Drug Enforcement Administration", "DEA"},
    BuiltinAlias{kOrg, "Immigration and Customs Enforcement", "ICE"},
    BuiltinAlias{kOrg, "Environmental Protection Agency", "EPA"},
    BuiltinAlias{kOrg, "Securities and Exchange Commission", "SEC"},
    BuiltinAlias{kOrg, "Internal Revenue Service", "IRS"},
    BuiltinAlias{kOrg, "Centers for Disease Control and Prevention", "CDC"},
    BuiltinAlias{kOrg, "Food and Drug Administration", "FDA"},
    BuiltinAlias{kOrg, "NASA", "National Aeronautics and Space Administration"},
    BuiltinAlias{kOrg, "Federal Reserve", "Fed|Federal Reserve System|U.S. Federal Reserve"},
    BuiltinAlias{kOrg, "Republican Party", "GOP|Grand Old Party"},
    BuiltinAlias{kOrg, "Chinese Communist Party",
                 "CCP|Communist Party of China|CPC"},
    BuiltinAlias{kOrg, "Palestine Liberation Organization", "PLO"},

    // Armed and political movements.
    BuiltinAlias{kOrg, "Islamic State", "ISIS|ISIL|Daesh|Islamic State of Iraq and Syria|"
                                        "Islamic State of Iraq and the Levant"},
    BuiltinAlias{kOrg, "al-Qaeda", "al-Qaida|al Qaeda|al Qaida"},
    BuiltinAlias{kOrg, "Hezbollah", "Hizbollah|Hizballah"},
    BuiltinAlias{kOrg, "FARC", "Revolutionary Armed Forces of Colombia|Fuerzas Armadas "
                               "Revolucionarias de Colombia"},

    // News agencies, which articles cite constantly.
    BuiltinAlias{kOrg, "Associated Press", "AP"},
    BuiltinAlias{kOrg, "Agence France-Presse", "AFP"},
    BuiltinAlias{kOrg, "BBC", "British Broadcasting Corporation"},
};

}  // namespace

std::span<const BuiltinAlias> builtin_aliases() { return kBuiltinAliases; }

}  // namespace dossier::entities
