// Articles for the copy-group and related-article tests: a wire story as
// three outlets ran it (two word for word, one lightly edited), another
// story on its topic, two football stories and two bodies too short to judge.
#pragma once

#include <string>
#include <vector>

#include "dossier/document.h"

namespace dossier::testing::copies {

inline const std::string kWire =
    "Venezuela's oil exports fell sharply in March as United States sanctions on the state oil "
    "company PDVSA took hold, according to shipping data compiled on Monday. Tankers loaded an "
    "average of 920,000 barrels per day, down from more than a million in February, and buyers "
    "in India and China asked for steeper discounts. Officials in Caracas blamed power cuts at "
    "the main export terminal for part of the fall, while opposition leader Juan Guaido said "
    "the government had lost control of the industry.";
// The same wire story as another outlet ran it: one sentence reworded and a
// closing line added.
inline const std::string kWireEdited =
    "Venezuela's oil exports fell sharply in March as United States sanctions on the state oil "
    "company PDVSA took hold, according to shipping data compiled on Monday. Tankers loaded an "
    "average of 920,000 barrels per day, down from more than a million in February, and buyers "
    "in India and China asked for steeper discounts. Government officials in Caracas blamed "
    "electricity cuts at the main export terminal for part of the fall, while opposition leader "
    "Juan Guaido said the government had lost control of the industry. The oil ministry did "
    "not reply.";
// Same topic, another story.
inline const std::string kVenezuelaOther =
    "PDVSA, Venezuela's state oil company, cut crude output again as sanctions from the United "
    "States kept buyers away and power cuts shut pumping stations. Oil production fell to the "
    "lowest level in decades, the company told OPEC, and exports to India were halved. Juan "
    "Guaido, the opposition leader, promised to open the oil industry to foreign investors "
    "while the government in Caracas accused Washington of economic war.";
inline const std::string kFootball =
    "Liverpool beat Manchester City two goals to one at Anfield on Sunday to go four points "
    "clear at the top of the Premier League. Mohamed Salah scored the winner ten minutes from "
    "the end after Sergio Aguero had cancelled out an early header from the captain. The "
    "manager praised the crowd and said the title race was far from over with twelve games "
    "left to play.";
inline const std::string kFootballOther =
    "Manchester City kept their Premier League title hopes alive with a late goal against "
    "Tottenham, the manager's side scoring twice in the second half. The striker's header "
    "ten minutes from the end sent the crowd home happy and left City two points behind "
    "Liverpool with eleven games left to play in the league season.";

inline std::vector<Document> archive() {
  return {{"reuters-1", "Venezuela oil exports fall", kWire, "Reuters"},
          {"bbc-1", "Venezuela's oil exports tumble", kWire, "BBC News"},
          {"guardian-1", "Oil exports fall in Venezuela", kWireEdited, "The Guardian"},
          {"venezuela-2", "PDVSA cuts output", kVenezuelaOther, "Reuters"},
          {"football-1", "Liverpool beat City", kFootball, "BBC News"},
          {"football-2", "City keep hopes alive", kFootballOther, "The Guardian"},
          {"short-1", "Brief", "Venezuela oil exports fell in March, data show.", "Reuters"},
          {"short-2", "Brief", "Venezuela oil exports fell in March, data show.", "BBC News"}};
}

}  // namespace dossier::testing::copies
