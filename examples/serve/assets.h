// The page dossier-serve ships: examples/serve/*.{html,css,js}, compiled into
// the program by embed_assets.cmake so it needs no files at run time.
#pragma once

#include <string_view>

namespace serve {

struct Asset {
  std::string_view name;          // file name: "index.html", "dossier.js"
  std::string_view content_type;  // for the Content-Type header
  std::string_view content;
};

// The asset of that file name, or nullptr.
const Asset* find_asset(std::string_view name);

}  // namespace serve
