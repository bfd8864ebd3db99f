#include "analysis/language.h"

#include <string>

#include <gtest/gtest.h>

namespace dateline::analysis {
namespace {

TEST(LanguageTest, DetectsArticleLanguages) {
  struct Case {
    const char* want;
    const char* title;
    const char* body;
  } cases[] = {
      {"en", "Central bank holds rates as inflation eases",
       "The central bank left its main interest rate unchanged on Thursday, saying that "
       "inflation had eased for a third month but that wages were still rising faster "
       "than the economy could bear."},
      {"de", "Zentralbank lässt die Zinsen unverändert",
       "Die Zentralbank hat ihren Leitzins am Donnerstag nicht verändert. Die Inflation sei "
       "zwar den dritten Monat in Folge gesunken, doch die Löhne stiegen weiterhin schneller, "
       "als es die Wirtschaft vertrage, sagte der Präsident."},
      {"fr", "La banque centrale maintient ses taux",
       "La banque centrale a laissé son principal taux directeur inchangé jeudi, estimant que "
       "l'inflation avait reculé pour le troisième mois consécutif mais que les salaires "
       "augmentaient encore plus vite que ce que l'économie pouvait supporter."},
      {"zh", "央行维持利率不变",
       "中央银行周四宣布维持主要利率不变。央行表示，通货膨胀已经连续第三个月放缓，但工资增长"
       "速度仍然快于经济所能承受的水平。"},
      // Traditional characters: CLD2 says "zh-Hant", filters take "zh".
      {"zh", "央行維持利率不變",
       "中央銀行週四宣佈維持主要利率不變。央行表示，通貨膨脹已經連續第三個月放緩，但工資增長"
       "速度仍然快於經濟所能承受的水平。"},
      // CLD2 says "iw", the code Hebrew had before 1989.
      {"he", "הבנק המרכזי השאיר את הריבית ללא שינוי",
       "הבנק המרכזי הודיע ביום חמישי כי הריבית תישאר ללא שינוי, משום שהאינפלציה ירדה זה החודש "
       "השלישי ברציפות אך השכר ממשיך לעלות מהר מדי."},
  };
  for (const Case& c : cases) {
    DetectedLanguage d = detect_language(c.title, "", c.body);
    EXPECT_EQ(d.tag, c.want) << c.title;
    EXPECT_TRUE(d.reliable) << c.title;
  }
}

TEST(LanguageTest, ReadsTitleStandfirstAndBody) {
  DetectedLanguage d = detect_language(
      "Regierung beschließt neues Klimapaket",
      "Die Koalition einigt sich nach langen Verhandlungen auf höhere Abgaben für Heizöl", "");
  EXPECT_EQ(d.tag, "de");
  EXPECT_TRUE(d.reliable);
}

TEST(LanguageTest, ShortTextIsNotReliable) {
  for (const char* text : {"Talks resume today", "Gespräche in Berlin", "Les pourparlers reprennent",
                           "中国政府", "Reuters", ""}) {
    EXPECT_FALSE(detect_language(text, "", "").reliable) << text;
    EXPECT_FALSE(detect_language("", "", text).reliable) << text;
  }
  EXPECT_EQ(detect_language("", "", "").tag, "");
}

TEST(LanguageTest, NumbersAndTablesAreNoLanguage) {
  DetectedLanguage d = detect_language("", "",
                                       "1,234.5  2,345.6  3,456.7\n"
                                       "4,567.8  5,678.9  6,789.0\n"
                                       "+12.5 pct  -3.25 pct  0.75 pct\n");
  EXPECT_FALSE(d.reliable);
}

TEST(LanguageTest, EnglishNamingForeignFirmsStaysEnglish) {
  // CLD2's own answer for this text is German: built for web pages with
  // English menus, it prefers the second language when English leads.
  DetectedLanguage d =
      detect_language("GERMAN UTILITY SETS SWISS FRANC BOND", "",
                      "Oesterreichische Elektrizitaetswirtschafts AG of Klagenfurt is launching a 100 mln "
                      "Swiss franc bond priced at par, lead manager Schweizerische Kreditanstalt said.\n"
                      "The issue is guaranteed by the Landesregierung. Subscriptions close March 20.\n");
  EXPECT_EQ(d.tag, "en");
}

TEST(LanguageTest, LongTextIsCutAtACharacterBoundary) {
  const std::string sentence =
      "Le gouvernement a annoncé lundi de nouvelles mesures pour soutenir les entreprises. ";
  std::string body;
  while (body.size() < kMaxDetectBytes) body += sentence;
  // The two bytes of "é" straddle the cap: a cut inside it would leave
  // invalid UTF-8, which gives no guess.
  body.resize(kMaxDetectBytes - 1);
  while ((static_cast<unsigned char>(body.back()) & 0xC0) == 0x80 ||
         static_cast<unsigned char>(body.back()) >= 0xC0) {
    body.pop_back();
  }
  body.resize(kMaxDetectBytes - 1, 'e');
  body += "é";
  body += sentence;
  DetectedLanguage d = detect_language("", "", body);
  EXPECT_EQ(d.tag, "fr");
  EXPECT_TRUE(d.reliable);
}

TEST(LanguageTest, InvalidUtf8GivesNoGuess) {
  DetectedLanguage d =
      detect_language("", "", "The central bank left its main interest rate unchanged \xff\xfe on Thursday.");
  EXPECT_EQ(d.tag, "");
  EXPECT_FALSE(d.reliable);
}

}  // namespace
}  // namespace dateline::analysis
